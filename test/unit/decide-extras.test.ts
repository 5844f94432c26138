/** The decide pipeline with behavior, fallback, pause and activation (one table per rule). */
import { resolveBehavior } from '../../lib/behavior/defaults.js';
import { toUnixSeconds } from '../../lib/behavior/history.js';
import { NO_SCALE_EVENTS } from '../../lib/behavior/types.js';
import { decide } from '../../lib/decide/decide.js';
import { NOT_PAUSED, parsePause } from '../../lib/decide/pause.js';
import type { DecideInput, ScalingState } from '../../lib/decide/types.js';
import type { MetricResult } from '../../lib/metrics/types.js';
import type { ScalingSpec } from '../../lib/spec/types.js';
import { webSpec } from '../support/builders/specs.js';

const NOW = new Date('2026-11-25T20:00:00Z');
const T = toUnixSeconds(NOW);
const ok = (value: number): MetricResult => ({ ok: true, value });
const FAIL: MetricResult = { ok: false, kind: 'timeout', message: 'm/q timed out after 5000 ms' };
// AverageValue 1: the proposal is ceil(value) outside the tolerance band
const BASE = webSpec(1);
const SEEN_BEFORE: ScalingState = {
  history: { recommendations: [{ time: T - 3600, replicas: 0 }], ...NO_SCALE_EVENTS },
};
const input = (
  spec: Partial<ScalingSpec>,
  current: number,
  metric: MetricResult,
  more: Partial<DecideInput> = {},
): DecideInput => ({
  spec: { ...BASE, ...spec },
  currentReplicas: current,
  statusReplicas: current,
  metrics: [metric],
  now: NOW,
  ...more,
  // Without behavior the full form takes the HPA's legacy path. Rows about other rules start
  // "seen before, nothing in the 300 s window" so they show that rule, not a first run's
  // stabilization (the legacy path has its own table below).
  ...(spec.behavior === undefined &&
    more.state?.history === undefined && { state: { ...more.state, ...SEEN_BEFORE } }),
});
const history = (recs: [number, number][]): ScalingState => ({
  history: {
    recommendations: recs.map(([age, replicas]) => ({ time: T - age, replicas })),
    ...NO_SCALE_EVENTS,
  },
});
const behavior = resolveBehavior({});

describe('behavior through decide', () => {
  it.each([
    // name, input, desired, limitedBy
    // D1: up from 2 to 20 → Pods 2+4=6 beats Percent 4
    ['default scale-up is rate limited', input({ behavior }, 2, ok(20)), 6, 'ScaleUpLimit'],
    // first sight: history seeded with current 10 → the down window holds 10
    [
      'first run cannot scale down (seeded history)',
      input({ behavior }, 10, ok(3)),
      10,
      'ScaleDownStabilized',
    ],
    // recorded 12 two minutes ago, desired 3 → max(12, 3) = 12 > current → stays 10
    [
      'recent higher recommendation holds',
      input({ behavior }, 10, ok(3), { state: history([[120, 12]]) }),
      10,
      'ScaleDownStabilized',
    ],
    // the only record left the 300 s window → straight to 3 (Percent 100 allows it)
    [
      'old history lets it go',
      input({ behavior }, 10, ok(3), { state: history([[301, 12]]) }),
      3,
      undefined,
    ],
    // current above max is corrected at once, bypassing behavior
    [
      'above max bypasses behavior',
      input({ behavior, maxReplicas: 20 }, 30, ok(3)),
      20,
      'TooManyReplicas',
    ],
    // no behavior: the HPA's legacy path; seen before with nothing in the window → 3
    ['without behavior, nothing in the window', input({}, 10, ok(3)), 3, undefined],
    // a first run seeds the history with current 10: the 300 s window holds it
    [
      'without behavior, first run',
      input({}, 10, ok(3), { state: { history: { recommendations: [], ...NO_SCALE_EVENTS } } }),
      10,
      'ScaleDownStabilized',
    ],
    // scaleUp tolerance 0.5: ratio 13/10 = 1.3 ≤ 1.5 → within → unchanged
    [
      'per-direction tolerance',
      input({ behavior: resolveBehavior({ scaleUp: { tolerance: 0.5 } }) }, 10, ok(13)),
      10,
      undefined,
    ],
  ] as const)('%s → %i', (_, inp, desired, limitedBy) => {
    const d = decide(inp);
    expect(d.desiredReplicas).toBe(desired);
    expect(d.limitedBy).toBe(limitedBy);
  });

  it('records the raw recommendation, not the limited one', () => {
    const d = decide(input({ behavior }, 2, ok(20)));
    // the seed (2 at T) is shadowed by 20 at T for both windows (up window 0)
    expect(d.state?.history?.recommendations).toEqual([{ time: T, replicas: 20 }]);
  });
});

describe('pause annotations', () => {
  const p = (a: Record<string, string>) => parsePause(a);
  it.each([
    // name, pause, current, desired, action, paused reason
    ['paused: hands off', p({ 'scaling.example.com/paused': 'true' }), 4, 4, 'unchanged', 'Paused'],
    [
      // 30 wanted; the legacy path caps a scale-up at max(2 × 4, 4) = 8
      'paused: "false" unpauses',
      p({ 'scaling.example.com/paused': 'false' }),
      4,
      8,
      'scale',
      undefined,
    ],
    [
      'paused-replicas holds at N',
      p({ 'scaling.example.com/paused-replicas': '2' }),
      4,
      2,
      'scale',
      'PausedReplicas',
    ],
    [
      'invalid paused-replicas is hands off',
      p({ 'scaling.example.com/paused-replicas': 'two' }),
      4,
      4,
      'unchanged',
      'Paused',
    ],
    [
      'paused-scale-out blocks the scale-up',
      p({ 'scaling.example.com/paused-scale-out': 'true' }),
      4,
      4,
      'unchanged',
      'PausedScaleOut',
    ],
    [
      'paused-scale-in lets it scale up',
      p({ 'scaling.example.com/paused-scale-in': 'true' }),
      4,
      8, // legacy cap max(2 × 4, 4)
      'scale',
      'PausedScaleIn',
    ],
  ] as const)('%s', (_, pause, current, desired, action, reason) => {
    const d = decide(input({}, current, ok(30), { pause }));
    expect(d).toMatchObject({ desiredReplicas: desired, action });
    expect(d.paused?.reason).toBe(reason);
  });

  it.each([
    ['without behavior', undefined],
    ['with behavior', behavior],
  ])('paused-scale-in blocks a scale-down %s', (_, b) => {
    const pause = { ...NOT_PAUSED, scaleIn: true };
    const d = decide(input({ behavior: b }, 10, ok(3), { pause, state: history([[400, 3]]) }));
    expect(d).toMatchObject({ desiredReplicas: 10, action: 'unchanged', limitedBy: 'Paused' });
  });

  it('a hands-off pause passes the history on untouched', () => {
    const state = history([[100, 7]]);
    const d = decide(
      input({ behavior }, 4, ok(30), {
        pause: parsePause({ 'scaling.example.com/paused': '1' }),
        state,
      }),
    );
    expect(d.state).toBe(state);
  });
});

describe('fallback (KEDA semantics, no #7239 / #8056)', () => {
  const fb = (
    behaviorName:
      'static' | 'currentReplicasIfHigher' | 'currentReplicasIfLower' | 'currentReplicas',
  ) => ({
    fallback: { failureThreshold: 2, replicas: 6, behavior: behaviorName },
  });
  it.each([
    // name, spec, current, previous failures, metric, desired, action, next count
    ['2nd failure (2 ≤ 2): held', fb('static'), 10, 1, FAIL, 10, 'held', 2],
    ['3rd failure (3 > 2): static 6 even downwards', fb('static'), 10, 2, FAIL, 6, 'scale', 3],
    [
      'currentReplicasIfHigher: max(10, 6)',
      fb('currentReplicasIfHigher'),
      10,
      2,
      FAIL,
      10,
      'unchanged',
      3,
    ],
    [
      'currentReplicasIfLower: min(3, 6)',
      fb('currentReplicasIfLower'),
      3,
      5,
      FAIL,
      3,
      'unchanged',
      6,
    ],
    ['currentReplicas', fb('currentReplicas'), 4, 5, FAIL, 4, 'unchanged', 6],
    ['a success resets the count', fb('static'), 10, 9, ok(12), 12, 'scale', 0],
  ] as const)('%s', (_, spec, current, failures, metric, desired, action, count) => {
    const d = decide(input(spec, current, metric, { state: { failureCount: failures } }));
    expect(d).toMatchObject({ desiredReplicas: desired, action });
    expect(d.state?.failureCount).toBe(count);
  });

  it('engages from 0 replicas with minReplicas 0 (kedacore/keda#7239)', () => {
    const spec = {
      ...fb('static'),
      minReplicas: 0,
      activation: { threshold: 0, cooldownPeriodSeconds: 300 },
    };
    const d = decide(input(spec, 0, FAIL, { state: { failureCount: 2 } }));
    // static 6, capped at max(2 × 0, 4) = 4 by the legacy path this run (6 on the next)
    expect(d).toMatchObject({
      desiredReplicas: 4,
      action: 'scale',
      limitedBy: 'Fallback',
      fallbackActive: true,
    });
  });

  it('without fallback a failure never scales down', () => {
    expect(decide(input({}, 10, FAIL))).toMatchObject({ desiredReplicas: 10, action: 'held' });
  });
});

describe('scale to zero (activationThreshold, cooldownPeriodSeconds)', () => {
  const spec = { minReplicas: 0, activation: { threshold: 5, cooldownPeriodSeconds: 300 } };
  it.each([
    // name, current, value, last active (age s), desired, limitedBy
    // ceil(8) = 8, capped at max(2 × 0, 4) = 4 by the legacy path (KEDA: 1, then the HPA's 4)
    ['active from 0: ceil(8) capped at 4', 0, 8, undefined, 4, 'ScaleUpLimit'],
    ['inactive at 0 stays 0', 0, 3, undefined, 0, undefined],
    // inactive but active 100 s ago: floor 1 (KEDA gives the HPA max(1, min)); ceil(3)=3
    ['inactive in cooldown follows the metrics', 4, 3, 100, 3, undefined],
    ['inactive in cooldown never goes below 1', 4, 0, 100, 1, 'Cooldown'],
    // 301 s > 300 s → scale to zero, bypassing behavior
    ['cooldown over → 0', 4, 3, 301, 0, 'ScaleToZero'],
    ['never active → 0', 4, 3, undefined, 0, 'ScaleToZero'],
    // exactly at the threshold is not active (strict >)
    ['value = threshold is inactive', 0, 5, undefined, 0, undefined],
  ] as const)('%s', (_, current, value, age, desired, limitedBy) => {
    const state = age === undefined ? {} : { lastActiveTime: T - age };
    const d = decide(input(spec, current, ok(value), { state }));
    expect(d.desiredReplicas).toBe(desired);
    expect(d.limitedBy).toBe(limitedBy);
  });

  it('an active run stores the time; paused-scale-in blocks the scale to zero', () => {
    expect(decide(input(spec, 0, ok(8))).state?.lastActiveTime).toBe(T);
    const pause = { ...NOT_PAUSED, scaleIn: true };
    // no scale-in at all: neither to 0 nor towards the floor of 1
    expect(decide(input(spec, 4, ok(0), { pause })).desiredReplicas).toBe(4);
  });

  it('a failed metric while inactive holds (never scales to zero on a failure)', () => {
    expect(decide(input(spec, 4, FAIL))).toMatchObject({ desiredReplicas: 4, action: 'held' });
  });
});
