/**
 * The persisted history, kept small: only what a later run can still use. Times are whole Unix
 * seconds, the same in one long process and across fresh instances, so both give one result.
 */
import { longestWindow } from './defaults.js';
import { NO_SCALE_EVENTS, type Behavior, type History, type Recommendation } from './types.js';

/** A hard bound per list (the CRD declares the same maxItems); the oldest entries go first. */
export const MAX_HISTORY_ITEMS = 600;

export function toUnixSeconds(now: Date): number {
  return Math.floor(now.getTime() / 1000);
}

/** HPA `recordInitialRecommendation`: a resource seen for the first time starts at `current`. */
export function seedHistory(history: History | undefined, current: number, now: number): History {
  if (history !== undefined && history.recommendations.length > 0) return history;
  return {
    ...NO_SCALE_EVENTS,
    ...history,
    recommendations: [{ time: now, replicas: current }],
  };
}

/**
 * `older` can never decide a stabilization while `newer` exists: `newer` stays in every window
 * longer, and it is at least as large for the down window's max (unused when that window is 0)
 * and at most as large for the up window's min (unused when that window is 0).
 */
function isShadowed(older: Recommendation, newer: Recommendation, b: Behavior): boolean {
  const coversDown =
    b.scaleDown.stabilizationWindowSeconds === 0 || newer.replicas >= older.replicas;
  const coversUp = b.scaleUp.stabilizationWindowSeconds === 0 || newer.replicas <= older.replicas;
  return coversDown && coversUp;
}

/**
 * Appends this run's raw recommendation, drops what has left every window (the HPA's strict
 * `After(now - window)`) and what a newer entry shadows. Sorted by time, oldest first.
 */
export function recordRecommendation(
  recommendations: readonly Recommendation[],
  replicas: number,
  now: number,
  behavior: Behavior,
): Recommendation[] {
  const cut = now - longestWindow(behavior);
  const all = [
    ...recommendations.filter((r) => r.time > cut && r.time <= now),
    { time: now, replicas },
  ];
  const kept: Recommendation[] = [];
  for (let i = all.length - 1; i >= 0; i--) {
    const r = all[i]!;
    if (!kept.some((newer) => isShadowed(r, newer, behavior))) kept.unshift(r);
  }
  return kept.slice(-MAX_HISTORY_ITEMS);
}
