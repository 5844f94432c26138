/**
 * The HPA without `behavior` (legacy path, reference §1.6 and §1.11 C): what a full-form
 * resource without `behavior` does. History built relative to a fixed NOW.
 */
import { legacyScaleUpLimit, normalizeLegacy } from '../../lib/behavior/legacy.js';
import { NO_SCALE_EVENTS, type Recommendation } from '../../lib/behavior/types.js';
import { decide } from '../../lib/decide/decide.js';
import type { ScalingSpec } from '../../lib/spec/types.js';
import { resolveBehavior } from '../../lib/behavior/defaults.js';
import { webSpec } from '../support/builders/specs.js';

const NOW = 1_800_000_000;
const rec = (age: number, replicas: number): Recommendation => ({ time: NOW - age, replicas });

describe('scale-up cap max(2 × current, 4) (calculateScaleUpLimit)', () => {
  it.each([
    [0, 4],
    [1, 4],
    [2, 4],
    [3, 6],
    [10, 20],
  ])('current %i → %i', (current, want) => {
    expect(legacyScaleUpLimit(current)).toBe(want);
  });
});

describe('normalizeDesiredReplicas, min 1', () => {
  it.each([
    // name, current, desired, max, history, want, stabilized, limited
    // C: current 1, desired 20 → cap 4 < max → ScaleUpLimit
    ['C1 1 → 20', 1, 20, 100, [], 4, 20, 'ScaleUpLimit'],
    ['C2 3 → 20', 3, 20, 100, [], 6, 20, 'ScaleUpLimit'],
    ['C3 10 → 15', 10, 15, 100, [], 15, 15, 'DesiredWithinRange'],
    // cap 20 ≥ max 12 → TooManyReplicas
    ['cap above max', 10, 30, 12, [], 12, 30, 'TooManyReplicas'],
    // downscale window: max(6, 15, 12, 8) = 15 (up to 300 s old)
    [
      'held by the window',
      10,
      6,
      100,
      [rec(240, 15), rec(120, 12), rec(60, 8)],
      15,
      15,
      'DesiredWithinRange',
    ],
    // exactly 300 s old still counts (!Before(now − 300)); 301 s does not
    ['300 s old counts', 10, 6, 100, [rec(300, 9)], 9, 9, 'DesiredWithinRange'],
    ['301 s old is out', 10, 6, 100, [rec(301, 9)], 6, 6, 'DesiredWithinRange'],
    // not clamped to current: a higher recommendation in the window scales up (to the cap)
    [
      'a window max above current scales up',
      5,
      7,
      100,
      [rec(30, 10)],
      10,
      10,
      'DesiredWithinRange',
    ],
    ['below min', 3, 0, 100, [], 1, 0, 'TooFewReplicas'],
  ] as const)('%s', (_, current, desired, max, history, want, stab, limited) => {
    const r = normalizeLegacy({
      desired,
      current,
      minReplicas: 1,
      maxReplicas: max,
      history: { recommendations: [...history], ...NO_SCALE_EVENTS },
      now: NOW,
    });
    expect(r).toMatchObject({ replicas: want, stabilizedReplicas: stab, limited });
    expect(r.stabilized).toBe(stab === desired ? 'ReadyForNewScale' : 'ScaleDownStabilized');
    // the raw recommendation is recorded; nothing older than the window survives
    expect(r.history.recommendations.at(-1)).toEqual({ time: NOW, replicas: desired });
    expect(r.history.recommendations.every((x) => x.time >= NOW - 300)).toBe(true);
  });
});

describe('which path a resource takes', () => {
  const base = webSpec(1);
  const original: ScalingSpec = {
    ...base,
    form: 'original',
    metrics: [{ name: 'active_users', http: { url: 'http://m/q', valuePath: 'active_users' } }],
    thresholds: { minUsers: 0, maxUsers: 10 },
  };
  const run = (spec: ScalingSpec, current: number, value: number) =>
    decide({
      spec,
      currentReplicas: current,
      statusReplicas: current,
      metrics: [{ ok: true, value }],
      now: new Date(NOW * 1000),
    }).desiredReplicas;
  it.each([
    // first run: history seeded with current
    ['full, no behavior: up capped at max(2 × 2, 4)', base, 2, 20, 4],
    ['full, no behavior: down held by the 300 s window', base, 10, 3, 10],
    // behavior: {} = the documented defaults: up max(2 + 4, 2 × 2) = 6; down window 300 s
    [
      'full, behavior {}: up by the default policies',
      { ...base, behavior: resolveBehavior({}) },
      2,
      20,
      6,
    ],
    ['full, behavior {}: down held', { ...base, behavior: resolveBehavior({}) }, 10, 3, 10],
  ] as const)('%s', (_, spec, current, value, want) => {
    expect(run(spec, current, value)).toBe(want);
  });
  it('the README recipe for the old immediate behaviour acts at once, both ways', () => {
    const immediate = resolveBehavior({
      scaleDown: { stabilizationWindowSeconds: 0 },
      scaleUp: { policies: [{ type: 'Pods', value: 10000, periodSeconds: 1 }] },
    });
    expect(run({ ...base, behavior: immediate }, 2, 20)).toBe(20);
    expect(run({ ...base, behavior: immediate }, 10, 3)).toBe(3);
  });
  it('the original form still acts at once, both ways', () => {
    const up = run(original, 1, 1000);
    expect(up).toBeGreaterThan(4); // not capped at max(2 × 1, 4)
    expect(run(original, up, 0)).toBeLessThan(up); // not held by a window
  });
});
