/** autoscaling/v2 behavior, step by step, against the reference's vectors (§1.11 D–G). */
import { resolveBehavior } from '../../lib/behavior/defaults.js';
import { limitByPolicies, scaleDownLimit, scaleUpLimit } from '../../lib/behavior/rate.js';
import { stabilizeRecommendation } from '../../lib/behavior/stabilize.js';
import type { Behavior, ScaleEvents, ScalingPolicy } from '../../lib/behavior/types.js';

const NOW = 1_800_000_000; // Unix seconds; everything below is relative to it
const DEFAULT = resolveBehavior({});
const pct = (value: number, periodSeconds = 15): ScalingPolicy => ({
  type: 'Percent',
  value,
  periodSeconds,
});
const pods = (value: number, periodSeconds = 15): ScalingPolicy => ({
  type: 'Pods',
  value,
  periodSeconds,
});
/** A signed change `at` seconds ago: + goes to the up list, − to the down list (absolute). */
const up = (at: number, change: number) => ({ time: NOW - at, change });
const toEvents = (signed: readonly { time: number; change: number }[]): ScaleEvents => ({
  scaleUpEvents: signed.filter((e) => e.change > 0),
  scaleDownEvents: signed.filter((e) => e.change < 0).map((e) => ({ ...e, change: -e.change })),
});
const NONE = toEvents([]);
/** Website example: scale down by at most 4 pods or 10 % per 60 s, no stabilization. */
const WEBSITE_DOWN = (selectPolicy: 'Max' | 'Min' | 'Disabled' = 'Max'): Behavior =>
  resolveBehavior({
    scaleDown: {
      stabilizationWindowSeconds: 0,
      selectPolicy,
      policies: [pods(4, 60), pct(10, 60)],
    },
  });

describe('defaults (defaults.go): user fields replace defaults wholesale', () => {
  it('behavior: {} is the HPA default', () => {
    expect(DEFAULT).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [pods(4), pct(100)],
        tolerance: 0.1,
      },
      scaleDown: {
        stabilizationWindowSeconds: 300,
        selectPolicy: 'Max',
        policies: [pct(100)],
        tolerance: 0.1,
      },
    });
  });
  it('a policies list replaces the default list, other fields keep their defaults', () => {
    const b = resolveBehavior({ scaleUp: { policies: [pods(1, 60)] } });
    expect(b.scaleUp).toEqual({
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      policies: [pods(1, 60)],
      tolerance: 0.1,
    });
    expect(b.scaleDown).toEqual(DEFAULT.scaleDown);
  });
});

describe('rate policies (convertDesiredReplicasWithBehaviorRate), max 100, min 1', () => {
  it.each([
    // name, behavior, current, stabilized, events, want, limited
    // D1: Pods 2+4=6, Percent ceil(2×2)=4 → Max 6
    ['D1 default up from 2', DEFAULT, 2, 20, [], 6, 'ScaleUpLimit'],
    // D2: +4 ten seconds ago is inside 15 s → periodStart 6−4=2 → limits 6, 4 → 6 = current
    ['D2 10 s later', DEFAULT, 6, 20, [up(10, 4)], 6, 'ScaleUpLimit'],
    // D3: exactly 15 s old is not After(now−15) → periodStart 6 → 10, 12 → 12
    ['D3 exactly 15 s later', DEFAULT, 6, 20, [up(15, 4)], 12, 'ScaleUpLimit'],
    // D4: Min of (6, 4)
    [
      'D4 selectPolicy Min',
      resolveBehavior({ scaleUp: { selectPolicy: 'Min' } }),
      2,
      20,
      [],
      4,
      'ScaleUpLimit',
    ],
    // D5: limits 14, 20 → 20 ≥ max 15 → TooManyReplicas at 15
    ['D5 max 15', DEFAULT, 10, 100, [], 15, 'TooManyReplicas', 15],
    // E1: Pods 80−4=76, Percent trunc(80×0.9)=72 → Max = lowest floor 72
    ['E1 website down', WEBSITE_DOWN(), 80, 10, [], 72, 'ScaleDownLimit'],
    // E2: −8 thirty seconds ago → periodStart 72+8=80 → 76, 72 → 72 = current
    ['E2 30 s later', WEBSITE_DOWN(), 72, 10, [up(30, -8)], 72, 'ScaleDownLimit'],
    // E3: 61 s later the event is out → start 72 → 68, trunc(64.8)=64 → 64
    ['E3 61 s later', WEBSITE_DOWN(), 72, 10, [up(61, -8)], 64, 'ScaleDownLimit'],
    // E4: 26 vs trunc(27.0)=27 → 26
    ['E4 current 30', WEBSITE_DOWN(), 30, 10, [], 26, 'ScaleDownLimit'],
    // E5: Min → highest floor max(76, 72)
    ['E5 selectPolicy Min', WEBSITE_DOWN('Min'), 80, 10, [], 76, 'ScaleDownLimit'],
    // E6: Disabled → limit = current
    ['E6 Disabled', WEBSITE_DOWN('Disabled'), 80, 10, [], 80, 'ScaleDownLimit'],
    // E7: default Percent 100 → trunc(10×0)=0 → floor = min 1 → 3 is allowed
    ['E7 default down', DEFAULT, 10, 3, [], 3, 'DesiredWithinRange'],
    // default down, stabilized 0 → floor min 1 → TooFewReplicas
    ['default down below min', DEFAULT, 10, 0, [], 1, 'TooFewReplicas'],
    ['no change', DEFAULT, 7, 7, [], 7, 'DesiredWithinRange'],
  ] as const)('%s', (_, behavior, current, stabilized, events, want, limited, ...rest) => {
    const max = (rest[0] as number | undefined) ?? 100;
    const r = limitByPolicies(
      { stabilized, current, minReplicas: 1, maxReplicas: max, events: toEvents(events), now: NOW },
      behavior,
    );
    expect(r).toEqual({ replicas: want, limited });
  });
});

describe('Percent rounding is float64 as the HPA (§1.11 F)', () => {
  const upOnly = (v: number) => resolveBehavior({ scaleUp: { policies: [pct(v)] } }).scaleUp;
  const downOnly = (v: number) => resolveBehavior({ scaleDown: { policies: [pct(v)] } }).scaleDown;
  it.each([
    [50, 10, 56], // 50 × 1.1 = 55.00000000000001 → ceil 56
    [100, 10, 111], // 110.00000000000001 → 111
    [10, 100, 20],
  ])('up: %i × +%i %% → %i', (start, v, want) => {
    expect(scaleUpLimit(start, NONE, upOnly(v), NOW)).toBe(want);
  });
  it.each([
    [10, 90, 0], // 10 × 0.09999999999999998 = 0.9999999999999998 → trunc 0
    [90, 30, 62], // 90 × 0.7 = 62.99999999999999 → 62
    [80, 10, 72],
  ])('down: %i × −%i %% → %i', (start, v, want) => {
    expect(scaleDownLimit(start, NONE, downOnly(v), NOW)).toBe(want);
  });
});

describe('stabilization (§1.11 G), current 10, down window 300 s, up window 0', () => {
  const rec = (age: number, replicas: number) => ({ time: NOW - age, replicas });
  it.each([
    // downRec = max(6, 15, 12, 8) = 15, upRec = 6 → clamp(10, 6, 15) = 10
    [
      'G1 held by 15 four minutes ago',
      DEFAULT,
      10,
      6,
      [rec(240, 15), rec(120, 12), rec(60, 8)],
      10,
      'ScaleDownStabilized',
    ],
    // downRec = 9 → clamp(10, 6, 9) = 9
    [
      'G2 down to the window max 9',
      DEFAULT,
      10,
      6,
      [rec(240, 9), rec(120, 8)],
      9,
      'ScaleDownStabilized',
    ],
    // exactly 300 s old is out of the window → 6
    ['record exactly 300 s old', DEFAULT, 10, 6, [rec(300, 15)], 6, 'ReadyForNewScale'],
    // up window 60: upRec = min(20, 4, 12) = 4 → clamp(5, 4, 20) = 5
    [
      'G3 up window 60 s',
      resolveBehavior({ scaleUp: { stabilizationWindowSeconds: 60 } }),
      5,
      20,
      [rec(30, 4), rec(10, 12)],
      5,
      'ScaleUpStabilized',
    ],
    ['up with window 0 goes straight', DEFAULT, 5, 20, [rec(10, 4)], 20, 'ReadyForNewScale'],
  ] as const)('%s', (_, behavior, current, desired, history, want, reason) => {
    expect(stabilizeRecommendation(desired, current, [...history], NOW, behavior)).toEqual({
      replicas: want,
      reason,
    });
  });
});
