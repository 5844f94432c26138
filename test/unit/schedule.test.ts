/** Schedule windows: cron in a time zone (DST-correct), bounds that replace the base ones. */
import { NO_SCALE_EVENTS } from '../../lib/behavior/types.js';
import { decide } from '../../lib/decide/decide.js';
import { effectiveBounds, isWindowOpen } from '../../lib/schedule/windows.js';
import type { ScheduleSpec } from '../../lib/spec/extraTypes.js';
import type { ScalingSpec } from '../../lib/spec/types.js';
import { webSpec } from '../support/builders/specs.js';

const office: ScheduleSpec = {
  name: 'office',
  start: '0 9 * * 1-5',
  durationSeconds: 8 * 3600,
  timeZone: 'Europe/Berlin',
  minReplicas: 5,
};
const night: ScheduleSpec = {
  name: 'night',
  start: '0 22 * * *',
  end: '0 6 * * *',
  timeZone: 'UTC',
  maxReplicas: 3,
};

describe('isWindowOpen', () => {
  it.each([
    // Berlin is UTC+1 until Sun 2026-03-29 02:00, UTC+2 after: 09:00 local is 08:00Z, then 07:00Z
    [office, '2026-03-27T07:30:00Z', false], // Fri 08:30 local, before 09:00
    [office, '2026-03-27T08:00:00Z', true], // Fri 09:00 local: start is inclusive
    [office, '2026-03-30T07:30:00Z', true], // Mon 09:30 local (after the DST change)
    [office, '2026-03-30T14:59:59Z', true], // Mon 16:59:59 local
    [office, '2026-03-30T15:00:00Z', false], // Mon 17:00 local: 8 h later, end is exclusive
    [office, '2026-03-28T09:00:00Z', false], // Saturday
    [night, '2026-03-27T23:00:00Z', true],
    [night, '2026-03-28T05:59:00Z', true], // still the window of the night before
    [night, '2026-03-28T06:00:00Z', false], // end is exclusive
    [night, '2026-03-28T12:00:00Z', false],
  ] as const)('%j at %s → %s', (s, at, open) => {
    expect(isWindowOpen(s, new Date(at))).toBe(open);
  });
});

describe('effectiveBounds (base 2..10)', () => {
  const w = (name: string, min?: number, max?: number): ScheduleSpec => ({
    name,
    start: '* * * * *',
    durationSeconds: 60,
    timeZone: 'UTC',
    ...(min !== undefined && { minReplicas: min }),
    ...(max !== undefined && { maxReplicas: max }),
  });
  it.each([
    ['none', [], 2, 10],
    ['a window min', [w('a', 5)], 5, 10],
    ['a window max', [w('b', undefined, 3)], 2, 3],
    [
      'highest min, lowest max',
      [w('a', 5), w('c', 8), w('b', undefined, 9), w('d', undefined, 20)],
      8,
      9,
    ],
    // a window's max below the base min lowers the min
    ['window max below base min', [w('b', undefined, 1)], 1, 1],
    // a window's min above the base max raises the max
    ['window min above base max', [w('a', 50)], 50, 50],
    // two windows disagree: the planned floor wins
    ['window min above window max', [w('a', 5), w('b', undefined, 3)], 5, 5],
  ] as const)('%s → %i..%i', (_, open, min, max) => {
    const b = effectiveBounds({ minReplicas: 2, maxReplicas: 10 }, open);
    expect([b.minReplicas, b.maxReplicas]).toEqual([min, max]);
    expect(b.activeSchedules).toEqual(open.map((x) => x.name));
  });
});

describe('schedules in decide', () => {
  const spec: ScalingSpec = {
    ...webSpec(1),
    minReplicas: 0,
    maxReplicas: 10,
    schedules: [office],
  };
  const at = (iso: string, current: number, value: number) =>
    decide({
      spec,
      currentReplicas: current,
      statusReplicas: current,
      metrics: [{ ok: true, value }],
      now: new Date(iso),
      // seen before, nothing inside the legacy path's 300 s downscale window
      state: { history: { recommendations: [{ time: 0, replicas: 0 }], ...NO_SCALE_EVENTS } },
    });

  it('an open window raises the minimum, even from 0 (not hands off)', () => {
    expect(at('2026-03-30T07:30:00Z', 0, 0)).toMatchObject({
      desiredReplicas: 5,
      limitedBy: 'Schedule',
      bounds: { minReplicas: 5, maxReplicas: 10, activeSchedules: ['office'] },
    });
  });
  it('a closed window leaves the base bounds', () => {
    expect(at('2026-03-30T16:00:00Z', 3, 1)).toMatchObject({
      desiredReplicas: 1,
      bounds: { minReplicas: 0 },
    });
  });
  it('a metric above the window minimum wins', () => {
    expect(at('2026-03-30T07:30:00Z', 5, 8)).toMatchObject({ desiredReplicas: 8 });
  });
});
