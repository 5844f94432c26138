/**
 * Record before acting, the read side. A run records its rescale (scale event and `intent`) in
 * status before it patches `/scale`. The next run checks that record against the target: still
 * at `from`, the rescale did not happen and its scale event is taken out again. Anything else
 * (at `replicas`, or moved by someone else) keeps the event: an event that did not happen may
 * only make the next step wait, never larger.
 */
import type { ScalingState } from '../decide/types.js';
import type { ScalingStatus, StatusIntent } from '../status/types.js';

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);

/** The recorded intent, or undefined when absent or malformed (a hand edit is not trusted). */
export function readIntent(status: ScalingStatus | undefined): StatusIntent | undefined {
  const i = status?.intent as Partial<Record<keyof StatusIntent, unknown>> | undefined;
  if (typeof i !== 'object' || i === null) return undefined;
  const { replicas, from, time, change } = i;
  if (!isInt(replicas) || !isInt(from) || !isInt(time) || !isInt(change)) return undefined;
  return { replicas, from, time, change };
}

/** Whether the target shows that the recorded rescale was not applied. */
export function isUnapplied(intent: StatusIntent, currentReplicas: number): boolean {
  return intent.replicas !== intent.from && currentReplicas === intent.from;
}

/** The state with the scale event of an unapplied rescale removed; unchanged otherwise. */
export function settleIntent(
  state: ScalingState,
  intent: StatusIntent | undefined,
  currentReplicas: number,
): ScalingState {
  const history = state.history;
  if (intent === undefined || history === undefined || intent.change === 0) return state;
  if (!isUnapplied(intent, currentReplicas)) return state;
  const scaleEvents = history.scaleEvents.flatMap((e) => {
    if (e.time !== intent.time) return [e];
    const change = e.change - intent.change;
    // Two rescales merged into one second: keep what is left of the other one.
    return change === 0 || Math.sign(change) !== Math.sign(e.change) ? [] : [{ ...e, change }];
  });
  return { ...state, history: { ...history, scaleEvents } };
}
