/** The decision record: built from a decision, kept on change only, told in plain words. */
import { resolveBehavior } from '../../lib/behavior/defaults.js';
import { NO_SCALE_EVENTS } from '../../lib/behavior/types.js';
import { decide } from '../../lib/decide/decide.js';
import type { ScalingState } from '../../lib/decide/types.js';
import { explainDecision, explainDecisions } from '../../lib/record/explain.js';
import { appendDecision, toDecisionRecord } from '../../lib/record/record.js';
import type { ScalingSpec } from '../../lib/spec/types.js';
import { averageMetric, webSpec } from '../support/builders/specs.js';

const NOW = new Date('2026-11-25T09:03:00Z');
const SPEC: ScalingSpec = webSpec(80, {
  maxReplicas: 50,
  metrics: [
    { ...averageMetric(80), name: 'orders', http: { url: 'http://m/orders', valuePath: 'v' } },
  ],
  behavior: resolveBehavior({
    scaleUp: { policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }] },
  }),
});
const SEEN: ScalingState = {
  history: { recommendations: [{ time: 0, replicas: 0 }], ...NO_SCALE_EVENTS },
};

function recordOf(spec: ScalingSpec, current: number, value: number, now = NOW) {
  const metrics = [{ ok: true as const, value }];
  const d = decide({
    spec,
    currentReplicas: current,
    statusReplicas: current,
    metrics,
    now,
    state: SEEN,
  });
  return toDecisionRecord({
    spec,
    decision: d,
    metrics,
    currentReplicas: current,
    statusReplicas: current,
    now,
    observe: false,
  });
}

describe('explainDecision', () => {
  it('the issue example: 1,130 ÷ 80 = 15, limited to +4 per 15 s', () => {
    const r = recordOf(SPEC, 10, 1130);
    expect(r).toMatchObject({ from: 10, to: 14, recommended: 15, stabilized: 15 });
    expect(r.metrics).toEqual([{ name: 'orders', value: 1130, averageValue: 80, proposal: 15 }]);
    expect(explainDecision(r, SPEC)).toBe(
      '09:03 scaled 10 → 14: orders 1,130 ÷ 80 per replica = 15, limited to +4 per 15 s ' +
        '(ScaleUpLimit); next allowed step at 09:03:15',
    );
  });

  it.each([
    // no behavior: the legacy cap, no periods
    [
      { ...SPEC, behavior: undefined },
      2,
      1130,
      '09:03 scaled 2 → 4: orders 1,130 ÷ 80 per replica = 15, limited to +2 this run (ScaleUpLimit)',
    ],
    [SPEC, 10, 800, '09:03 kept 10: orders 800 ÷ 80 per replica = 10'],
    [
      { ...SPEC, maxReplicas: 12 },
      10,
      1130,
      '09:03 scaled 10 → 12: orders 1,130 ÷ 80 per replica = 15, limited to 12 (TooManyReplicas)',
    ],
  ] as const)('%#', (spec, current, value, want) => {
    expect(explainDecision(recordOf(spec, current, value), spec)).toBe(want);
  });

  it('a failed metric and the observe wording', () => {
    const r = { ...recordOf(SPEC, 10, 1130), observe: true };
    expect(explainDecision(r, SPEC)).toMatch(/^09:03 would scale 10 → 14: /);
    const failed = {
      ...r,
      action: 'held' as const,
      to: 10,
      metrics: [{ name: 'orders', error: 'timeout' }],
    };
    expect(explainDecision(failed, SPEC)).toMatch(/^09:03 held at 10: orders failed \(timeout\)/);
    expect(explainDecisions(undefined)).toEqual([
      'no decisions recorded yet (setting DECISION_HISTORY, default 10)',
    ]);
  });
});

describe('appendDecision: on change only, the last N', () => {
  const a = recordOf(SPEC, 10, 1130);
  const later = (s: number) => new Date(NOW.getTime() + s * 1000);
  it.each([
    ['first', undefined, a, 10, [a]],
    // same decision 30 s later with another value behind the same proposal: nothing added
    ['unchanged decision', [a], recordOf(SPEC, 10, 1150, later(30)), 10, [a]],
    ['a changed decision', [a], recordOf(SPEC, 14, 1130, later(30)), 10, 2],
    ['bounded', [a, a, a], recordOf(SPEC, 14, 1130, later(30)), 2, 2],
    ['0 keeps none', [a], a, 0, undefined],
  ] as const)('%s', (_, list, next, max, want) => {
    const out = appendDecision(list, next, max);
    if (typeof want === 'number') {
      expect(out).toHaveLength(want);
      expect(out?.at(-1)).toBe(next);
    } else expect(out).toEqual(want);
  });
});
