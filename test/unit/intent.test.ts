/** The next run checks a recorded rescale against the target: only "still at from" removes it. */
import { readIntent, settleIntent } from '../../lib/behavior/intent.js';
import type { ScalingState } from '../../lib/decide/types.js';
import type { StatusIntent } from '../../lib/status/types.js';

const T = 1_764_064_800;
type Signed = { time: number; change: number };
/** Signed events: + into the up list, − into the down list (absolute), as stored. */
const state = (events: Signed[]): ScalingState => ({
  history: {
    recommendations: [{ time: T, replicas: 10 }],
    scaleUpEvents: events.filter((e) => e.change > 0),
    scaleDownEvents: events.filter((e) => e.change < 0).map((e) => ({ ...e, change: -e.change })),
  },
});
const signed = (s: ScalingState): Signed[] => [
  ...(s.history?.scaleUpEvents ?? []),
  ...(s.history?.scaleDownEvents ?? []).map((e) => ({ ...e, change: -e.change })),
];
const intent = (from: number, replicas: number, change = replicas - from): StatusIntent => ({
  from,
  replicas,
  time: T,
  change,
});

describe('settleIntent', () => {
  it.each([
    // name, events, intent, current replicas, events after
    [
      'not applied (target still at from): event removed',
      [{ time: T, change: 1 }],
      intent(1, 2),
      1,
      [],
    ],
    ['applied: event kept', [{ time: T, change: 1 }], intent(1, 2), 2, [{ time: T, change: 1 }]],
    [
      'moved by someone else: kept (may only make us wait)',
      [{ time: T, change: 1 }],
      intent(1, 2),
      5,
      [{ time: T, change: 1 }],
    ],
    ['no intent: kept', [{ time: T, change: 1 }], undefined, 1, [{ time: T, change: 1 }]],
    [
      'another +2 in that second (its own slot): only this +1 removed',
      [
        { time: T, change: 2 },
        { time: T, change: 1 },
      ],
      intent(1, 2),
      1,
      [{ time: T, change: 2 }],
    ],
    [
      'event already out of its period: nothing to remove',
      [{ time: T - 900, change: 1 }],
      intent(1, 2),
      1,
      [{ time: T - 900, change: 1 }],
    ],
    ['a scale down not applied', [{ time: T, change: -3 }], intent(5, 2), 5, []],
    [
      'a rescale that recorded no event (scale to zero)',
      [{ time: T, change: 1 }],
      intent(1, 0, 0),
      1,
      [{ time: T, change: 1 }],
    ],
  ])('%s', (_name, events, i, current, want) => {
    expect(signed(settleIntent(state(events), i, current))).toEqual(want);
  });

  it.each([
    [{ replicas: 2, from: 1, time: T, change: 1 }, true],
    [{ replicas: '2', from: 1, time: T, change: 1 }, false],
    [{ replicas: 2, from: 1, time: T }, false],
    [null, false],
  ])('readIntent %j → valid %s', (raw, valid) => {
    const status = { intent: raw } as never;
    expect(readIntent(status) !== undefined).toBe(valid);
  });
});
