/**
 * HPA `storeScaleEvent` and `markScaleEventsOutdated`, pure. Only our own successful rescales
 * are stored, in two lists: scale-ups and scale-downs, each holding the absolute change. Before
 * each store, the events of that direction older than its longest policy period are marked
 * outdated (strict `Before(now − period)`); the last outdated slot is reused, otherwise the event
 * is appended. Outdated events are not removed: until their slot is reused they still count in
 * the other direction's longer periods, as in the HPA.
 */
import { longestPeriod } from './defaults.js';
import type { Behavior, ScaleEvent, ScaleEvents } from './types.js';

/** A hard bound per list (the CRD declares the same maxItems). */
export const MAX_SCALE_EVENTS = 600;

function storeIn(
  events: readonly ScaleEvent[],
  change: number,
  now: number,
  periodSeconds: number,
): ScaleEvent[] {
  const cut = now - periodSeconds;
  // A pending event's write may land late (lib/behavior/pending.ts): it is expired there, not here.
  const marked = events.map((e) =>
    e.outdated === true || (e.time < cut && e.pending !== true)
      ? { time: e.time, change: e.change, outdated: true }
      : e,
  );
  const event: ScaleEvent = { time: now, change };
  const slot = marked.findLastIndex((e) => e.outdated === true);
  if (slot >= 0) marked[slot] = event;
  else marked.push(event);
  return marked.slice(-MAX_SCALE_EVENTS);
}

/** Stores a rescale from `from` to `to` replicas at `now` (Unix seconds). */
export function storeScaleEvent(
  events: ScaleEvents,
  from: number,
  to: number,
  now: number,
  behavior: Behavior,
): ScaleEvents {
  if (to > from) {
    const up = storeIn(events.scaleUpEvents, to - from, now, longestPeriod(behavior.scaleUp));
    return { scaleUpEvents: up, scaleDownEvents: events.scaleDownEvents };
  }
  const down = storeIn(events.scaleDownEvents, from - to, now, longestPeriod(behavior.scaleDown));
  return { scaleUpEvents: events.scaleUpEvents, scaleDownEvents: down };
}

/** HPA `getReplicasChangePerPeriod`: the changes of one list strictly After(now − period). */
export function changeInPeriod(
  events: readonly ScaleEvent[],
  periodSeconds: number,
  now: number,
): number {
  const cut = now - periodSeconds;
  let sum = 0;
  for (const e of events) if (e.time > cut) sum += e.change;
  return sum;
}

/** Replicas at the start of a period: current − ups + downs inside it (HPA `periodStartReplicas`). */
export function periodStartReplicas(
  current: number,
  events: ScaleEvents,
  periodSeconds: number,
  now: number,
): number {
  return (
    current -
    changeInPeriod(events.scaleUpEvents, periodSeconds, now) +
    changeInPeriod(events.scaleDownEvents, periodSeconds, now)
  );
}
