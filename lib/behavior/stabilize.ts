/**
 * Step A of the HPA with `behavior` (`stabilizeRecommendationWithBehaviors`): scale up to the
 * lowest recommendation of the up window, down to the highest of the down window.
 */
import type { Behavior, Recommendation } from './types.js';

export type Stabilized = 'ScaleUpStabilized' | 'ScaleDownStabilized' | 'ReadyForNewScale';

export interface Stabilization {
  readonly replicas: number;
  readonly reason: Stabilized;
}

/**
 * `upRec = min(desired, recs After now−upWindow)`, `downRec = max(desired, recs After
 * now−downWindow)`, result `clamp(current, upRec, downRec)`. "After" is strict: with a window of
 * 0 no earlier recommendation counts.
 */
export function stabilizeRecommendation(
  desired: number,
  current: number,
  recommendations: readonly Recommendation[],
  now: number,
  behavior: Behavior,
): Stabilization {
  const upCut = now - behavior.scaleUp.stabilizationWindowSeconds;
  const downCut = now - behavior.scaleDown.stabilizationWindowSeconds;
  let upRec = desired;
  let downRec = desired;
  for (const r of recommendations) {
    if (r.time > upCut) upRec = Math.min(upRec, r.replicas);
    if (r.time > downCut) downRec = Math.max(downRec, r.replicas);
  }
  let replicas = current;
  if (replicas < upRec) replicas = upRec;
  if (replicas > downRec) replicas = downRec;
  if (replicas === desired) return { replicas, reason: 'ReadyForNewScale' };
  return { replicas, reason: desired >= current ? 'ScaleUpStabilized' : 'ScaleDownStabilized' };
}
