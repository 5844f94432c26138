/**
 * The state one run hands to the next. The reconciler and the simulator both call
 * `advanceState` after a tick, so they record the same scale events.
 */
import { storeScaleEvent } from '../behavior/events.js';
import { toUnixSeconds } from '../behavior/history.js';
import type { ScalingSpec } from '../spec/types.js';
import type { Decision, ScalingState } from './types.js';

/**
 * Adds this run's own rescale to the history (HPA `storeScaleEvent`), only when it happened and
 * came from the autoscaler's own path: a hold by `paused-replicas` or a scale to zero after the
 * cooldown is done outside the HPA in KEDA too, and does not count against the rate policies.
 */
export function advanceState(
  spec: ScalingSpec,
  decision: Decision,
  currentReplicas: number,
  rescaled: boolean,
  now: Date,
): ScalingState | undefined {
  const state = decision.state;
  const history = state?.history;
  if (!rescaled || spec.behavior === undefined || history === undefined) return state;
  const change = recordedChange(spec, decision, currentReplicas);
  if (change === 0) return state;
  const events = storeScaleEvent(
    history,
    currentReplicas,
    decision.desiredReplicas,
    toUnixSeconds(now),
    spec.behavior,
  );
  return { ...state, history: { ...history, ...events } };
}

/** The scale event a rescale to `decision.desiredReplicas` adds to the history (0: none). */
export function recordedChange(
  spec: ScalingSpec,
  decision: Decision,
  currentReplicas: number,
): number {
  if (spec.behavior === undefined || decision.state?.history === undefined) return 0;
  if (decision.limitedBy === 'ScaleToZero' || decision.paused?.reason === 'PausedReplicas') {
    return 0;
  }
  return decision.desiredReplicas - currentReplicas;
}
