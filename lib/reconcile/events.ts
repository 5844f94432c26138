/** Which Event (if any) an outcome deserves: one per change, not one per run. */
import type { EventInput } from '../kube/port.js';
import type { Condition, State } from '../state/types.js';
import { Reason } from '../reasons.js';
import { toForecastEvent } from '../forecast/status.js';
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
  prev?: State,
): EventInput[] {
  const events: EventInput[] = [];
  const would = toWouldRescale(outcome, prev);
  if (would !== undefined) events.push(would);
  const aside =
    outcome.kind === 'decided' && toForecastEvent(outcome.forecast, prev?.report.forecast);
  if (aside) events.push(aside);
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

/**
 * Observe mode: a Normal `WouldRescale` where Active would have rescaled. Once per decision:
 * the workload stays where the other autoscaler holds it, so the same decision recurs every
 * run; it is an event again only when the desired size changes.
 */
function toWouldRescale(outcome: Outcome, prev: State | undefined): EventInput | undefined {
  if (outcome.kind !== 'decided' || outcome.observe === undefined) return undefined;
  const d = outcome.decision;
  if (d.action !== 'scale' || prev?.report.desiredReplicas === d.desiredReplicas) return undefined;
  const beside = outcome.observe.beside;
  const holds = beside === undefined ? 'it runs' : `${beside} holds it at`;
  return {
    type: 'Normal',
    reason: Reason.WouldRescale,
    message: `Observe mode, not scaled: ${d.message}; ${holds} ${outcome.scale.specReplicas}`,
  };
}
