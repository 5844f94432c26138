/** Which Event (if any) an outcome deserves: one per change, not one per run. */
import type { EventInput } from '../kube/port.js';
import type { Condition } from '../status/types.js';
import { Reason } from '../reasons.js';
import type { Outcome } from './outcome.js';

/**
 * A rescale is always an event. A failure is an event only when the Ready condition's
 * reason or message differs from the one already recorded, so an unchanged failure does
 * not add an event every run.
 */
export function toEvents(
  outcome: Outcome,
  prevReady: Condition | undefined,
  nextReady: Omit<Condition, 'lastTransitionTime'>,
): EventInput[] {
  const events: EventInput[] = [];
  if (outcome.kind === 'decided' && outcome.rescaled) {
    events.push({
      type: 'Normal',
      reason: Reason.SuccessfulRescale,
      message: outcome.decision.message,
    });
  }
  const changed =
    prevReady === undefined ||
    prevReady.status !== nextReady.status ||
    prevReady.reason !== nextReady.reason ||
    prevReady.message !== nextReady.message;
  if (nextReady.status === 'False' && changed && nextReady.reason !== Reason.ScalingDisabled) {
    const message =
      outcome.kind === 'decided' && outcome.rescaleError !== undefined
        ? `New size: ${outcome.decision.desiredReplicas}; reason: ${outcome.decision.reason}; error: ${outcome.rescaleError}`
        : nextReady.message;
    events.push({ type: 'Warning', reason: nextReady.reason, message });
  }
  return events;
}
