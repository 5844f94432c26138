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
  // The event went into the up or the down list (absolute change). If it reused an outdated
  // slot, the old event is gone: that only makes a later step smaller, never larger.
  const key = intent.change > 0 ? 'scaleUpEvents' : 'scaleDownEvents';
  const amount = Math.abs(intent.change);
  const list = history[key];
  const at = list.findLastIndex((e) => e.time === intent.time && e.change === amount);
  if (at < 0) return state;
  const kept = [...list.slice(0, at), ...list.slice(at + 1)];
  return { ...state, history: { ...history, [key]: kept } };
}
