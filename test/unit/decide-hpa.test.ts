import { toUnixSeconds } from '../../lib/behavior/history.js';
import { NO_SCALE_EVENTS } from '../../lib/behavior/types.js';
import { decide } from '../../lib/decide/decide.js';
import { decideFull } from '../../lib/decide/full.js';
import type { DecideInput } from '../../lib/decide/types.js';
import type { MetricResult } from '../../lib/metrics/types.js';
import type { MetricTarget, ScalingSpec } from '../../lib/spec/types.js';
import { WEB_TARGET } from '../support/builders/specs.js';

const NOW = new Date('2026-11-25T20:00:00Z');
const T = toUnixSeconds(NOW);
const AV = (averageValue: number): MetricTarget => ({ type: 'AverageValue', averageValue });
const V = (value: number): MetricTarget => ({ type: 'Value', value });
const ok = (value: number): MetricResult => ({ ok: true, value });
const IN = 'DesiredWithinRange' as const;
const FEW = 'TooFewReplicas' as const;
const MANY = 'TooManyReplicas' as const;
const TIMEOUT: MetricResult = {
  ok: false,
  kind: 'timeout',
  message: 'm/q timed out after 5000 ms',
};

interface Case {
  readonly metrics: readonly { name: string; target: MetricTarget; result: MetricResult }[];
  readonly current: number;
  readonly status?: number;
  readonly min?: number;
  readonly max?: number;
}

function fullInput(c: Case): DecideInput {
  const spec: ScalingSpec = {
    form: 'full',
    target: WEB_TARGET,
    minReplicas: c.min ?? 1,
    maxReplicas: c.max ?? 20,
    metrics: c.metrics.map((m) => ({
      name: m.name,
      http: { url: `http://m/${m.name}`, valuePath: 'v' },
      target: m.target,
    })),
  };
  return {
    spec,
    currentReplicas: c.current,
    statusReplicas: c.status ?? c.current,
    metrics: c.metrics.map((m) => m.result),
    now: NOW,
    // Seen before, with nothing inside the 300 s downscale window: the vectors are the
    // metrics' proposals, not a first run's (a first run's history holds current).
    state: { history: { recommendations: [{ time: T - 3600, replicas: 0 }], ...NO_SCALE_EVENTS } },
  };
}

/** One `orders` metric; min 1, max 20 unless given. */
const one = (target: MetricTarget, u: number, current: number, more: Partial<Case> = {}): Case => ({
  metrics: [{ name: 'orders', target, result: ok(u) }],
  current,
  ...more,
});

describe('decide, full form: one metric (reference §1.11 vectors)', () => {
  it.each([
    // name, case, desired, computed, action, limited
    // r = 1234/(100×10) = 1.234 > 1.1 → ceil(1234/100) = 13
    ['A1 AverageValue up', one(AV(100), 1234, 10), 13, 13, 'scale', IN],
    // r = 1050/1000 = 1.05 within → current
    ['A2 within tolerance', one(AV(100), 1050, 10), 10, 10, 'unchanged', IN],
    // r = 1100/1000 = 1.1 ≤ 1 + 0.1 (inclusive, 1 + 0.1 === 1.1 in float64)
    ['A3 upper edge 1.1', one(AV(100), 1100, 10), 10, 10, 'unchanged', IN],
    // r = 1.101 → ceil(1101/100) = ceil(11.01) = 12
    ['A4 just above edge', one(AV(100), 1101, 10), 12, 12, 'scale', IN],
    // r = 900/1000 = 0.9 ≥ 1 - 0.1 (inclusive)
    ['A5 lower edge 0.9', one(AV(100), 900, 10), 10, 10, 'unchanged', IN],
    // r = 0.899 → ceil(8.99) = 9
    ['A6 just below edge', one(AV(100), 899, 10), 9, 9, 'scale', IN],
    // r = 0 → ceil(0/100) = 0, clamped to min 1
    ['A7 zero usage', one(AV(100), 0, 10), 1, 0, 'scale', FEW],
    // status 0: r = 250/0 = +Inf, never within → ceil(250/100) = ceil(2.5) = 3
    ['A8 from zero', one(AV(100), 250, 0, { min: 0 }), 3, 3, 'scale', IN],
    // divides by status: r = 850/(100×8) = 1.0625 within → 10 (by spec: 0.85 → 9)
    ['AV ratio over status', one(AV(100), 850, 10, { status: 8 }), 10, 10, 'unchanged', IN],
    // r = 1050/(100×12) = 0.875 → ceil(1050/100) = 11 (by spec: 1.05, within → 10)
    ['AV surge pods count', one(AV(100), 1050, 10, { status: 12 }), 11, 11, 'scale', IN],
    // within: r = 1000/(100×10) = 1 → current (spec) 9, where the HPA would return status 10
    ['AV within keeps spec', one(AV(100), 1000, 9, { status: 10 }), 9, 9, 'unchanged', IN],
    // B1 adapted: r = 300/100 = 3 → ceil(3 × 5 current) = 15 (HPA: × 4 ready pods = 12);
    // without behavior the HPA caps a scale-up at max(2 × 5, 4) = 10 (legacy path)
    ['B1 Value uses current', one(V(100), 300, 5), 10, 15, 'scale', 'ScaleUpLimit'],
    // r = 105/100 = 1.05 within → current 5
    ['B2 Value within', one(V(100), 105, 5), 5, 5, 'unchanged', IN],
    // current 0: ceil(250/100) = 3, no tolerance
    ['B3 Value from zero', one(V(100), 250, 0, { min: 0 }), 3, 3, 'scale', IN],
    // current 0: r = 105/100 = 1.05 would be within, but tolerance is skipped → ceil(1.05) = 2
    ['Value from zero, no tolerance', one(V(100), 105, 0, { min: 0 }), 2, 2, 'scale', IN],
    // r = 110/100 = 1.1 within (inclusive)
    ['Value upper edge 1.1', one(V(100), 110, 10), 10, 10, 'unchanged', IN],
    // r = 90/100 = 0.9 within (inclusive)
    ['Value lower edge 0.9', one(V(100), 90, 10), 10, 10, 'unchanged', IN],
    // r = 1.11 → ceil(1.11 × 10) = ceil(11.100000000000001) = 12
    ['Value above edge', one(V(100), 111, 10), 12, 12, 'scale', IN],
    // r = 0.89 → ceil(0.89 × 10) = ceil(8.9) = 9
    ['Value below edge', one(V(100), 89, 10), 9, 9, 'scale', IN],
    // milli-values as the HPA: 270/90 = 3 (floats: 0.27/0.09 = 3.0000000000000004 → 4)
    ['Value, milli arithmetic', one(V(0.09), 0.27, 0, { min: 0 }), 3, 3, 'scale', IN],
    // r = 270/(90×1) = 3 → ceil(270/90) = 3 (floats would say 4)
    ['AverageValue, milli arithmetic', one(AV(0.09), 0.27, 1), 3, 3, 'scale', IN],
    // ceil(5000/100) = 50 > max 20
    ['above max', one(AV(100), 5000, 10), 20, 50, 'scale', MANY],
    // ceil(5000/100) = 50, already at max 20: nothing to do, still limited
    ['at max, wants more', one(AV(100), 5000, 20), 20, 50, 'unchanged', MANY],
    // r = -1 → ceil(-1 × 10) = -10, floored at 0 as the HPA, clamped to min 1
    ['negative metric', one(V(100), -100, 10), 1, 0, 'scale', FEW],
  ] as const)('%s', (_n, c, desired, computed, action, limited) => {
    const d = decide(fullInput(c));
    expect(d).toMatchObject({
      desiredReplicas: desired,
      computedReplicas: computed,
      action,
      limited,
    });
    expect(d.failedMetric).toBeUndefined();
  });

  it.each([
    // name, case, reason, message
    [
      'up',
      one(AV(100), 1234, 10),
      'orders above target',
      'New size: 13; reason: orders above target',
    ],
    [
      'down',
      one(AV(100), 899, 10),
      'All metrics below target',
      'New size: 9; reason: All metrics below target',
    ],
    [
      'same',
      one(AV(100), 1000, 10),
      'All metrics within target',
      'Size unchanged: 10; reason: All metrics within target',
    ],
    // reason compares the proposal (50) with current, before the clamp, as the HPA
    [
      'clamped to current',
      one(AV(100), 5000, 20),
      'orders above target',
      'Size unchanged: 20; reason: orders above target',
    ],
  ] as const)('reason and message: %s', (_n, c, reason, message) => {
    expect(decide(fullInput(c))).toMatchObject({ reason, message });
  });
});

describe('decide, full form: several metrics and missing metrics', () => {
  const o = (result: MetricResult) => ({ name: 'orders', target: AV(100), result });
  const q = (result: MetricResult) => ({ name: 'queue', target: V(50), result });
  const WITHIN = 'All metrics within target';
  const FAILED = 'FailedGetMetric';

  it.each([
    // name, metrics (current 10), desired, computed, action, reason, failedMetric
    // orders ceil(1234/100) = 13; queue r = 100/50 = 2 → ceil(2 × 10) = 20 → max 20
    ['largest wins', [o(ok(1234)), q(ok(100))], 20, 20, 'scale', 'queue above target', undefined],
    // orders 13; queue r = 65/50 = 1.3 → ceil(13) = 13: a tie, the first metric is named
    ['tie', [o(ok(1234)), q(ok(65))], 13, 13, 'scale', 'orders above target', undefined],
    // orders r = 0.899 → 9; queue r = 1 → within → 10 → max 10 = current
    ['one down, one within', [o(ok(899)), q(ok(50))], 10, 10, 'unchanged', WITHIN, undefined],
    // orders ceil(8.99) = 9 < current 10 and queue failed → held at 10
    ['missing blocks scale-down', [o(ok(899)), q(TIMEOUT)], 10, 9, 'held', FAILED, 1],
    // orders 13 > current 10: the failed queue does not block a scale-up
    ['missing lets scale-up', [o(ok(1234)), q(TIMEOUT)], 13, 13, 'scale', 'orders above target', 1],
    // orders r = 1 → 10, not below current: go on, the failure still reported
    ['missing, rest at current', [o(ok(1000)), q(TIMEOUT)], 10, 10, 'unchanged', WITHIN, 1],
    // queue r = 2 → ceil(2 × 10) = 20 although orders (the first) failed
    ['first missing, up', [o(TIMEOUT), q(ok(100))], 20, 20, 'scale', 'queue above target', 0],
    ['all missing', [o(TIMEOUT), q(TIMEOUT)], 10, undefined, 'held', FAILED, 0],
    // orders = +Inf is a failure; queue r = 0.5 → ceil(0.5 × 10) = 5 < 10 → blocked
    ['non-finite is missing', [o(ok(Infinity)), q(ok(25))], 10, 5, 'held', FAILED, 0],
  ] as const)('%s', (_n, metrics, desired, computed, action, reason, failedMetric) => {
    const d = decide(fullInput({ metrics, current: 10 }));
    expect(d).toMatchObject({ desiredReplicas: desired, action, reason });
    expect(d.computedReplicas).toBe(computed);
    expect(d.failedMetric).toBe(failedMetric);
  });

  it('says which metric blocked and what it would have done', () => {
    const d = decide(fullInput({ metrics: [o(ok(899)), q(TIMEOUT)], current: 10 }));
    expect(d.message).toBe(
      'Size held at 10; metric queue failed (timeout: m/q timed out after 5000 ms) and blocks the scale-down to 9',
    );
  });
});

describe('decide, full form: HPA clamp rules before the metrics', () => {
  const SCALING_DISABLED = 'scaling is disabled since the replica count of the target is zero';
  const ABOVE = 'Current number of replicas above Spec.MaxReplicas';
  const BELOW = 'Current number of replicas below Spec.MinReplicas';
  const failed = (current: number): Case => ({
    metrics: [{ name: 'orders', target: AV(100), result: TIMEOUT }],
    current,
  });

  it.each([
    // name, case (min 1, max 20 unless given), desired, action, reason, limited
    ['current 0, min 1: paused', one(AV(100), 5000, 0), 0, 'held', 'ScalingDisabled', IN],
    [
      'current 0, min 3: paused',
      one(AV(100), 5000, 0, { min: 3 }),
      0,
      'held',
      'ScalingDisabled',
      IN,
    ],
    // metrics not even looked at: they would say ceil(0/100) = 0
    ['above max', one(AV(100), 0, 25), 20, 'scale', ABOVE, MANY],
    // they would say ceil(5000/100) = 50
    ['below min', one(AV(100), 5000, 1, { min: 2 }), 2, 'scale', BELOW, FEW],
    ['above max, metric failed', failed(25), 20, 'scale', ABOVE, MANY],
  ] as const)('%s', (_n, c, desired, action, reason, limited) => {
    const d = decide(fullInput(c));
    expect(d).toMatchObject({ desiredReplicas: desired, action, reason, limited });
    expect(d.computedReplicas).toBeUndefined();
  });

  it('ScalingDisabled carries the HPA message', () => {
    expect(decide(fullInput(one(AV(100), 5000, 0))).message).toBe(SCALING_DISABLED);
  });

  it('accepts per-direction tolerances', () => {
    // r = 1.15: outside 0.1, inside a 0.2 scale-up tolerance
    const c = one(AV(100), 1150, 10);
    expect(decideFull(fullInput(c)).desiredReplicas).toBe(12); // ceil(11.5)
    expect(decideFull(fullInput(c), { scaleUp: 0.2, scaleDown: 0.1 }).desiredReplicas).toBe(10);
  });
});
