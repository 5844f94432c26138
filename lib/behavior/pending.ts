/**
 * Pending scale events: record before acting, the read side. A run records its rescale (a scale
 * event marked `pending`, and `intent`) in status before it patches `/scale`; once the patch is
 * answered it records the step as confirmed: the event at the time the answer came, no longer
 * pending (lib/reconcile/write.ts). A pending event is a step whose outcome no later run can
 * know: its write may land at any moment until `time + lifetime` (the longest one of our writes
 * can still land, from the settings: lib/record/writeLifetime.ts). So:
 * - for a step in its own direction it counts as taken at `min(now, time + lifetime)`;
 * - for a step in the other direction it does not count (it would give room, as a real event
 *   does in the HPA's `periodStartReplicas`): each direction is decided on its own view, and
 *   the step that moves less is taken (`viewPending`);
 * - it is never removed because the workload is at `from` now: someone else (an operator, a
 *   GitOps sync) may have put it back there. It leaves like any event, once outside its period.
 * An event that did not happen can only make a later step wait, never larger.
 */
import { longestPeriod } from './defaults.js';
import type { Behavior, History, ScaleEvent, ScaleEvents } from './types.js';

/** The step an intent recorded (lib/state/types.ts `Intent`): its event's time and change. */
type RecordedStep = { readonly time: number; readonly change: number };

type Direction = 'up' | 'down';
const KEYS = { up: 'scaleUpEvents', down: 'scaleDownEvents' } as const;
const keyOf = (change: number) => (change > 0 ? KEYS.up : KEYS.down);

/** The time a pending event counts from: never before it was recorded, never after it can land. */
export const pendingTime = (e: ScaleEvent, now: number, lifetime: number): number =>
  Math.max(e.time, Math.min(now, e.time + lifetime));

export const hasPending = (h: ScaleEvents): boolean =>
  h.scaleUpEvents.some((e) => e.pending === true) ||
  h.scaleDownEvents.some((e) => e.pending === true);

/** What a decision in direction `counted` sees: its pending events taken now, the others' not at all. */
export function viewPending<H extends ScaleEvents>(
  h: H,
  now: number,
  lifetime: number,
  counted: Direction,
): H {
  const view = (list: readonly ScaleEvent[], mine: boolean) =>
    list.flatMap((e) =>
      e.pending !== true
        ? [e]
        : mine
          ? [{ time: pendingTime(e, now, lifetime), change: e.change }]
          : [],
    );
  return {
    ...h,
    scaleUpEvents: view(h.scaleUpEvents, counted === 'up'),
    scaleDownEvents: view(h.scaleDownEvents, counted === 'down'),
  };
}

/** Pending events that left their direction's longest period even at their latest: ordinary again. */
export function expirePending<H extends ScaleEvents>(
  h: H,
  now: number,
  lifetime: number,
  b: Behavior,
): H {
  const expire = (list: readonly ScaleEvent[], period: number) =>
    list.map((e) =>
      e.pending === true && e.time + lifetime < now - period
        ? { time: e.time, change: e.change }
        : e,
    );
  return {
    ...h,
    scaleUpEvents: expire(h.scaleUpEvents, longestPeriod(b.scaleUp)),
    scaleDownEvents: expire(h.scaleDownEvents, longestPeriod(b.scaleDown)),
  };
}

const findEvent = (list: readonly ScaleEvent[], intent: RecordedStep) =>
  list.findLastIndex((e) => e.time === intent.time && e.change === Math.abs(intent.change));

/** `f` applied to the intent's event (the last of its time and size), when there is one. */
function withEvent<H extends Partial<History>>(
  h: H,
  intent: RecordedStep,
  f: (e: ScaleEvent) => ScaleEvent,
): H {
  if (intent.change === 0) return h;
  const key = keyOf(intent.change);
  const list = [...(h[key] ?? [])];
  const i = findEvent(list, intent);
  if (i < 0 || list[i]!.outdated === true) return h;
  list[i] = f(list[i]!);
  return { ...h, [key]: list };
}

/** The event a run just recorded with its intent, marked pending. */
export const markPending = <H extends Partial<History>>(h: H, intent: RecordedStep): H =>
  withEvent(h, intent, (e) => ({ time: e.time, change: e.change, pending: true }));

/** A status of an earlier version holds an intent and no pending mark: its event is pending. */
export const adoptIntent = <H extends Partial<History>>(
  h: H,
  intent: RecordedStep | undefined,
): H => (intent === undefined || hasPending(h as ScaleEvents) ? h : markPending(h, intent));

/** The confirmed step: its event at `confirmedAt` (when the answer came, at or after it landed). */
export const confirmEvent = <H extends Partial<History>>(
  h: H,
  intent: RecordedStep,
  confirmedAt: number,
): H => withEvent(h, intent, (e) => ({ time: Math.max(e.time, confirmedAt), change: e.change }));
