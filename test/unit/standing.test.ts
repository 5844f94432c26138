/** Standing times (lib/behavior/standing.ts): what a run reads, and when it may write nothing. */
import { settleStatus, standState, standsThrough } from '../../lib/state/standing.js';
import { statusEqual } from '../../lib/state/conditions.js';
import type { ScalingStatus } from '../../lib/state/status.js';

const T0 = 1_800_000_000; // whole seconds
const rfc = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');

describe('standsThrough(recordedAt, previousRun, now)', () => {
  it.each([
    ['no recordedAt (written by an older version)', undefined, T0 + 60, T0 + 90, undefined],
    ['written in this second', T0 + 90, T0 + 60, T0 + 90, undefined],
    ['written in the future (clock skew)', T0 + 95, T0 + 60, T0 + 90, undefined],
    ['the previous run wrote nothing: stands through it', T0, T0 + 60, T0 + 90, T0 + 60],
    ['the previous run wrote it: its own time', T0 + 60, T0 + 60, T0 + 90, T0 + 60],
    ['written after the previous run (a run of one name)', T0 + 70, T0 + 60, T0 + 90, T0 + 70],
    [
      'previous run unknown (new Lease, dry run): the second before',
      T0,
      undefined,
      T0 + 90,
      T0 + 89,
    ],
    ['previous run in the future (skew): now', T0, T0 + 120, T0 + 90, T0 + 90],
  ])('%s', (_, recordedAt, previousRun, now, expected) => {
    expect(standsThrough(recordedAt, previousRun, now)).toBe(expected);
  });
});

describe('standState moves exactly the standing times equal to recordedAt', () => {
  it('the newest recommendation, last known values and lastActiveTime; nothing else', () => {
    const state = {
      history: {
        recommendations: [
          { time: T0 - 30, replicas: 5 },
          { time: T0, replicas: 3 },
        ],
        scaleUpEvents: [{ time: T0, change: 1 }],
        scaleDownEvents: [],
      },
      lastValues: { a: { value: 7, time: T0 }, b: { value: 1, time: T0 - 30 } },
      lastActiveTime: T0,
      failureCount: 2,
    };
    expect(standState(state, T0, T0 + 60)).toEqual({
      ...state,
      history: {
        ...state.history,
        recommendations: [
          { time: T0 - 30, replicas: 5 },
          { time: T0 + 60, replicas: 3 },
        ],
      },
      lastValues: { a: { value: 7, time: T0 + 60 }, b: { value: 1, time: T0 - 30 } },
      lastActiveTime: T0 + 60,
    });
    // the first run's seed shares the second of the newest: seen once, it does not move
    const seeded = {
      history: {
        ...state.history,
        recommendations: [
          { time: T0, replicas: 1 },
          { time: T0, replicas: 9 },
        ],
      },
    };
    expect(standState(seeded, T0, T0 + 60).history?.recommendations).toEqual([
      { time: T0, replicas: 1 },
      { time: T0 + 60, replicas: 9 },
    ]);
    expect(standState(state, undefined, T0 + 60)).toBe(state);
    expect(standState(state, T0, undefined)).toBe(state);
  });
});

/** A status written at `at` whose newest recommendation (and last known value `a`) was seen then. */
const written = (at: number, over: Partial<ScalingStatus> = {}): ScalingStatus => ({
  recordedAt: rfc(at),
  observedGeneration: 1,
  desiredReplicas: 3,
  history: {
    recommendations: [
      { time: T0 - 200, replicas: 6 },
      { time: at, replicas: 3 },
    ],
    scaleUpEvents: [],
    scaleDownEvents: [],
  },
  lastKnownValues: [{ name: 'a', value: 7, time: rfc(at) }],
  lastActiveTime: rfc(at),
  ...over,
});

const recs = (...r: [number, number][]) => ({
  recommendations: r.map(([time, replicas]) => ({ time, replicas })),
  scaleUpEvents: [],
  scaleDownEvents: [],
});

describe('settleStatus: a run writes nothing only when nothing but standing times moved', () => {
  const prev = written(T0);
  const later = T0 + 60;
  it.each<[string, boolean, ScalingStatus]>([
    ['the same seen again, a minute later', true, written(later)],
    [
      'the oldest recommendation left every window (dropped): still nothing to write',
      true,
      written(later, { history: recs([later, 3]) }),
    ],
    [
      'a different recommendation',
      false,
      written(later, { history: recs([T0 - 200, 6], [later, 4]) }),
    ],
    [
      'no recommendation recorded this run (a failed metric): the newest stops standing',
      false,
      written(later, { history: recs([T0 - 200, 6], [T0, 3]) }),
    ],
    [
      'the last known value failed this run (its time did not move)',
      false,
      written(later, { lastKnownValues: [{ name: 'a', value: 7, time: rfc(T0) }] }),
    ],
    [
      'a new last known value',
      false,
      written(later, { lastKnownValues: [{ name: 'a', value: 8, time: rfc(later) }] }),
    ],
    ['no longer active (lastActiveTime stays)', false, written(later, { lastActiveTime: rfc(T0) })],
    ['another field changed', false, written(later, { desiredReplicas: 4 })],
  ])('%s → unwritten: %s', (_, unwritten, next) => {
    expect(statusEqual(prev, settleStatus(prev, next))).toBe(unwritten);
  });

  it('a newest recommendation that did not stand, now recorded: written', () => {
    const failing = written(T0, { history: recs([T0 - 200, 6], [T0 - 60, 3]) });
    expect(statusEqual(failing, settleStatus(failing, written(later)))).toBe(false);
  });

  it.each([
    ['no recordedAt before (an older version wrote it)', { ...prev, recordedAt: undefined }],
    ['recordedAt in the same second', written(later)],
  ])('%s: next as it is', (_, before) => {
    const next = written(later);
    expect(settleStatus(before, next)).toBe(next);
  });
});
