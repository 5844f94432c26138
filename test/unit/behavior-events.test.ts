/**
 * Scale events as the HPA keeps them (lib/behavior/events.ts): two lists, outdated slots reused.
 * Rows from upstream `horizontal_test.go` (TestStoreScaleEvents and the event rows of
 * TestConvertDesiredReplicasWithBehaviorRate), with history built relative to a fixed NOW.
 */
import { resolveBehavior } from '../../lib/behavior/defaults.js';
import { changeInPeriod, storeScaleEvent } from '../../lib/behavior/events.js';
import { readScalingState as readState } from '../../lib/state/read.js';
import { toScalingFields as toStatusFields } from '../../lib/state/scaling.js';
import { limitByPolicies } from '../../lib/behavior/rate.js';
import type { ScaleEvent, ScalingPolicy, ScalingRules } from '../../lib/behavior/types.js';
import { toStatusPatch } from '../../lib/state/patch.js';
import type { StatusHistory } from '../../lib/state/status.js';

const NOW = 1_800_000_000;
const ev = (change: number, age: number, outdated = false): ScaleEvent =>
  outdated ? { time: NOW - age, change, outdated } : { time: NOW - age, change };

/** upstream `generateScalingRules(pods, podsPeriod, percent, percentPeriod, window)`. */
function rules(pods: number, podsPeriod: number, pct: number, pctPeriod: number, window = 0) {
  const policies: ScalingPolicy[] = [];
  if (pods > 0) policies.push({ type: 'Pods', value: pods, periodSeconds: podsPeriod });
  if (pct > 0) policies.push({ type: 'Percent', value: pct, periodSeconds: pctPeriod });
  return { stabilizationWindowSeconds: window, policies } satisfies Partial<ScalingRules>;
}

/** upstream `generateEventsUniformDistribution`: n events spread evenly over the period. */
function uniform(changes: number[], period: number): ScaleEvent[] {
  const segment = period / changes.length;
  return changes.map((c, i) => ev(c, period - segment * i - segment / 2));
}

describe('storeScaleEvent (TestStoreScaleEvents), change 5, both directions', () => {
  it.each([
    // name, previous events, rules, change in the last 60 s before, list after
    ['empty entries with two-policy-behavior', [], rules(10, 60, 100, 60), 0, [ev(5, 0)]],
    // 61 s old is Before(now − 60): outdated, its slot is reused
    ['one outdated entry replaced', [ev(7, 61)], rules(10, 60, 100, 60), 0, [ev(5, 0)]],
    ['one actual entry not touched', [ev(7, 58)], rules(10, 60, 100, 60), 7, [ev(7, 58), ev(5, 0)]],
    [
      'two entries, one of them replaced',
      [ev(7, 61), ev(6, 59)],
      rules(10, 60, 0, 0),
      6,
      [ev(5, 0), ev(6, 59)],
    ],
    [
      // longest period 60 (not 30): both 61 s old are outdated, the last one is reused
      'replace one entry, policies with different periods',
      [ev(8, 29), ev(6, 59), ev(7, 61), ev(9, 61)],
      rules(10, 60, 100, 30),
      14, // 8 + 6
      [ev(8, 29), ev(6, 59), ev(7, 61, true), ev(5, 0)],
    ],
    [
      'two entries, both actual (longest period 120)',
      [ev(7, 58), ev(6, 59)],
      rules(10, 120, 100, 30),
      13,
      [ev(7, 58), ev(6, 59), ev(5, 0)],
    ],
  ] as const)('%s', (_, prev, r, before, after) => {
    const behavior = resolveBehavior({ scaleUp: r, scaleDown: r });
    expect(changeInPeriod(prev, 60, NOW)).toBe(before);
    const none: ScaleEvent[] = [];
    const up = storeScaleEvent(
      { scaleUpEvents: [...prev], scaleDownEvents: none },
      10,
      15,
      NOW,
      behavior,
    );
    expect(up).toEqual({ scaleUpEvents: after, scaleDownEvents: none });
    const down = storeScaleEvent(
      { scaleUpEvents: none, scaleDownEvents: [...prev] },
      10,
      5,
      NOW,
      behavior,
    );
    expect(down).toEqual({ scaleUpEvents: none, scaleDownEvents: after });
  });

  it('each direction uses its own longest period', () => {
    // up: longest 15 s → 20 s old is outdated; down: longest 600 s → 20 s old is not
    const behavior = resolveBehavior({ scaleDown: rules(0, 0, 50, 600) });
    const lists = { scaleUpEvents: [ev(4, 20)], scaleDownEvents: [ev(3, 20)] };
    expect(storeScaleEvent(lists, 6, 8, NOW, behavior).scaleUpEvents).toEqual([ev(2, 0)]);
    expect(storeScaleEvent(lists, 6, 5, NOW, behavior).scaleDownEvents).toEqual([
      ev(3, 20),
      ev(1, 0),
    ]);
  });
});

describe('rate limits with earlier events (TestConvertDesiredReplicasWithBehaviorRate)', () => {
  const U135 = uniform([1, 5, 9], 120); // ages 100, 60, 20
  it.each([
    // name, up rules, down rules, up events, down events, min, max, current, desired, want, reason
    [
      'up, max limits',
      rules(300, 60, 0, 0),
      undefined,
      U135,
      [],
      1,
      200,
      100,
      500,
      200,
      'TooManyReplicas',
    ], // 200 < 100 − 14 + 300
    [
      'up, recent ups block',
      rules(5, 120, 0, 0),
      undefined,
      U135,
      [],
      1,
      1000,
      100,
      500,
      100,
      'ScaleUpLimit',
    ], // 100 − 15 + 5 < 100
    [
      'up, pods after ups',
      rules(150, 120, 0, 0),
      undefined,
      U135,
      [],
      1,
      1000,
      100,
      500,
      235,
      'ScaleUpLimit',
    ], // 100 − 15 + 150
    [
      'up, percent after ups',
      rules(0, 0, 200, 120),
      undefined,
      U135,
      [],
      1,
      1000,
      100,
      500,
      255,
      'ScaleUpLimit',
    ], // (100 − 15) × 3
    // 6 − 4 + 2 = 4 at the start → 4 × 4 = 16
    [
      'up, percent after ups and downs',
      rules(0, 0, 300, 300),
      undefined,
      uniform([4], 120),
      uniform([2], 120),
      1,
      1000,
      6,
      24,
      16,
      'ScaleUpLimit',
    ],
    [
      'down, default policy',
      undefined,
      undefined,
      [],
      U135,
      1,
      1000,
      10,
      5,
      5,
      'DesiredWithinRange',
    ],
    [
      'down, pods after downs',
      undefined,
      rules(5, 120, 0, 0, 300),
      [],
      U135,
      1,
      1000,
      100,
      2,
      100,
      'ScaleDownLimit',
    ], // 100 + 15 − 5 > 100
    [
      'down, percent after downs',
      undefined,
      rules(0, 0, 50, 120, 300),
      [],
      uniform([2, 4, 6], 120),
      1,
      1000,
      100,
      0,
      56,
      'ScaleDownLimit',
    ], // (100 + 12) × 0.5
    // 10 − 2 + 4 = 12 at the start → trunc(12 × 0.5) = 6
    [
      'down, percent after ups and downs',
      undefined,
      rules(0, 0, 50, 180),
      uniform([2], 120),
      uniform([4], 120),
      1,
      1000,
      10,
      1,
      6,
      'ScaleDownLimit',
    ],
    [
      'down, downs prevent more',
      undefined,
      rules(0, 0, 10, 120, 300),
      [],
      uniform([10, 10, 10], 120),
      1,
      1000,
      100,
      0,
      100,
      'ScaleDownLimit',
    ], // (100 + 30) × 0.9 = 117 > 100
    [
      'down, downs still allow more',
      undefined,
      rules(0, 0, 1000, 120, 300),
      [],
      uniform([10, 10, 10], 120),
      1,
      1000,
      10,
      5,
      5,
      'DesiredWithinRange',
    ],
    [
      'down, min limits',
      undefined,
      rules(130, 120, 0, 0, 300),
      [],
      U135,
      5,
      1000,
      100,
      0,
      5,
      'TooFewReplicas',
    ],
  ] as const)('%s', (_, upRules, downRules, up, down, min, max, current, desired, want, reason) => {
    const behavior = resolveBehavior({ scaleUp: upRules, scaleDown: downRules });
    const events = { scaleUpEvents: [...up], scaleDownEvents: [...down] };
    const r = limitByPolicies(
      { stabilized: desired, current, minReplicas: min, maxReplicas: max, events, now: NOW },
      behavior,
    );
    expect(r).toEqual({ replicas: want, limited: reason });
  });
});

describe('scale events in status', () => {
  it.each([
    [
      'two lists in slot order, outdated kept',
      {
        scaleUpEvents: [
          { time: 9, change: 2 },
          { time: 5, change: 1, outdated: true },
        ],
      },
      { scaleUpEvents: [ev(2, NOW - 9), ev(1, NOW - 5, true)], scaleDownEvents: [] },
    ],
    [
      'an earlier version’s signed list is split by sign',
      {
        scaleEvents: [
          { time: 7, change: -3 },
          { time: 4, change: 2 },
        ],
      },
      { scaleUpEvents: [ev(2, NOW - 4)], scaleDownEvents: [ev(3, NOW - 7)] },
    ],
    [
      'malformed items are dropped',
      { scaleDownEvents: [{ time: 1, change: 0 }, { time: 'x', change: 1 }, null] },
      { scaleUpEvents: [], scaleDownEvents: [] },
    ],
  ])('%s', (_, history, want) => {
    const state = readState({ history: history as StatusHistory });
    expect({
      scaleUpEvents: state.history?.scaleUpEvents,
      scaleDownEvents: state.history?.scaleDownEvents,
    }).toEqual(want);
  });

  it('written as two lists; the old list is removed by the patch', () => {
    const prev = { history: { recommendations: [], scaleEvents: [{ time: 4, change: 2 }] } };
    const next = toStatusFields(readState(prev));
    expect(next.history?.scaleUpEvents).toEqual([{ time: 4, change: 2 }]);
    expect(toStatusPatch(prev, next)).toEqual({
      history: {
        recommendations: [],
        scaleUpEvents: [{ time: 4, change: 2 }],
        scaleDownEvents: [],
        scaleEvents: null,
      },
    });
  });
});
