/**
 * Which schedule windows are open at `now`, and the bounds they make. While open, a window's
 * bounds replace the base ones; several open → the highest min and the lowest max.
 */
import { EXTRA_LIMITS, type ScheduleSpec } from '../spec/extraTypes.js';
import { lastOccurrence } from './cron.js';

export interface Bounds {
  readonly minReplicas: number;
  readonly maxReplicas: number;
}

export interface EffectiveBounds extends Bounds {
  /** Names of the open windows, in spec order. */
  readonly activeSchedules: readonly string[];
  /** The window that set each bound, when one did. */
  readonly minFrom?: string;
  readonly maxFrom?: string;
}

const LOOKBACK_MS = EXTRA_LIMITS.maxDurationSeconds * 1000;

/**
 * Open from a `start` occurrence (inclusive) until `durationSeconds` later or the next `end`
 * occurrence (exclusive). A window with `end` is open at most 7 days after its start.
 */
export function isWindowOpen(s: ScheduleSpec, now: Date): boolean {
  const t = now.getTime();
  if (s.durationSeconds !== undefined) {
    const d = s.durationSeconds * 1000;
    const start = lastOccurrence(s.start, s.timeZone, t, d);
    return start !== undefined && t < start + d;
  }
  const start = lastOccurrence(s.start, s.timeZone, t, LOOKBACK_MS);
  if (start === undefined || s.end === undefined) return false;
  const end = lastOccurrence(s.end, s.timeZone, t, LOOKBACK_MS);
  return end === undefined || start > end;
}

export function openWindows(schedules: readonly ScheduleSpec[] | undefined, now: Date) {
  return (schedules ?? []).filter((s) => isWindowOpen(s, now));
}

/**
 * Window bounds win over base bounds. Should the result have min > max: a window's max below
 * the base min lowers the min; otherwise (a window's min above the base max, or two windows
 * that disagree) the max is raised to the min — a floor planned for an event is honoured.
 */
export function effectiveBounds(base: Bounds, open: readonly ScheduleSpec[]): EffectiveBounds {
  let min: { value: number; from?: string } = { value: base.minReplicas };
  let max: { value: number; from?: string } = { value: base.maxReplicas };
  let minSet = false;
  let maxSet = false;
  for (const w of open) {
    if (w.minReplicas !== undefined && (!minSet || w.minReplicas > min.value)) {
      min = { value: w.minReplicas, from: w.name };
      minSet = true;
    }
    if (w.maxReplicas !== undefined && (!maxSet || w.maxReplicas < max.value)) {
      max = { value: w.maxReplicas, from: w.name };
      maxSet = true;
    }
  }
  if (min.value > max.value) {
    if (maxSet && !minSet) min = { ...max };
    else max = { ...min };
  }
  return {
    minReplicas: min.value,
    maxReplicas: max.value,
    activeSchedules: open.map((w) => w.name),
    ...(min.from !== undefined && { minFrom: min.from }),
    ...(max.from !== undefined && { maxFrom: max.from }),
  };
}
