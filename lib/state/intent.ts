/**
 * Record before acting, in State: the intent a run records with its rescale before it patches
 * `/scale` (its scale event marked pending), the record kept when the patch failed, and the step
 * confirmed once `/scale` answered (lib/reconcile/write.ts, lib/behavior/pending.ts).
 */
import { confirmEvent, markPending } from '../behavior/pending.js';
import type { Intent, State } from './types.js';

/** `state` with `intent` recorded: its event is pending until `/scale` answers. */
export function withIntent(state: State, intent: Intent): State {
  const h = state.scaling.history;
  return {
    ...state,
    scaling: { ...state.scaling, ...(h && { history: markPending(h, intent) }) },
    intent,
  };
}

/** A failed rescale's State, keeping the record's history and intent (its outcome is unknown). */
export function keepRecord(failed: State, recorded: State): State {
  const history = recorded.scaling.history;
  return { ...failed, scaling: { ...failed.scaling, history }, intent: recorded.intent };
}

/** The confirmed step: its event at `confirmedAt`, no longer pending, the intent gone. */
export function confirmIntent(recorded: State, intent: Intent, confirmedAt: number): State {
  const h = recorded.scaling.history;
  return {
    ...recorded,
    intent: undefined,
    scaling: { ...recorded.scaling, ...(h && { history: confirmEvent(h, intent, confirmedAt) }) },
  };
}
