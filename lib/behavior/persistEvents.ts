/**
 * The two scale-event lists ↔ `status.history.scaleUpEvents` / `scaleDownEvents`, kept in slot
 * order (the HPA reuses a slot in place, so the order is part of the state). A status written
 * before the lists were split holds one signed `scaleEvents` list: it is read once, split by
 * sign, and is not written again.
 */
import type { StatusHistory, StatusScaleEvent } from '../status/types.js';
import { MAX_SCALE_EVENTS } from './events.js';
import type { ScaleEvent, ScaleEvents } from './types.js';

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);

function readEvents(raw: unknown): ScaleEvent[] {
  if (!Array.isArray(raw)) return [];
  const out: ScaleEvent[] = [];
  for (const item of raw as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { time, change, outdated, pending } = item as Record<string, unknown>;
    if (!isInt(time) || !isInt(change) || change <= 0) continue;
    if (outdated === true) out.push({ time, change, outdated: true });
    else out.push(pending === true ? { time, change, pending: true } : { time, change });
  }
  return out.slice(-MAX_SCALE_EVENTS);
}

/** The signed list of earlier versions, oldest first: + into the up list, − into the down list. */
function readSigned(raw: unknown): ScaleEvents {
  if (!Array.isArray(raw)) return { scaleUpEvents: [], scaleDownEvents: [] };
  const signed = (raw as unknown[])
    .filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null)
    .filter((i) => isInt(i.time) && isInt(i.change) && i.change !== 0)
    .map((i) => ({ time: i.time as number, change: i.change as number }))
    .sort((a, b) => a.time - b.time);
  return {
    scaleUpEvents: signed.filter((e) => e.change > 0).slice(-MAX_SCALE_EVENTS),
    scaleDownEvents: signed
      .filter((e) => e.change < 0)
      .map((e) => ({ time: e.time, change: -e.change }))
      .slice(-MAX_SCALE_EVENTS),
  };
}

export function readScaleEvents(h: StatusHistory): ScaleEvents {
  if (h.scaleUpEvents === undefined && h.scaleDownEvents === undefined) {
    return readSigned(h.scaleEvents);
  }
  return {
    scaleUpEvents: readEvents(h.scaleUpEvents),
    scaleDownEvents: readEvents(h.scaleDownEvents),
  };
}

const toItem = (e: ScaleEvent): StatusScaleEvent => {
  if (e.outdated === true) return { time: e.time, change: e.change, outdated: true };
  return e.pending === true
    ? { time: e.time, change: e.change, pending: true }
    : { time: e.time, change: e.change };
};

/** Both lists always written (a merge patch would otherwise keep a stale list on the server). */
export function toScaleEventFields(
  events: ScaleEvents,
): Pick<StatusHistory, 'scaleUpEvents' | 'scaleDownEvents' | 'scaleEvents'> {
  return {
    scaleUpEvents: events.scaleUpEvents.map(toItem),
    scaleDownEvents: events.scaleDownEvents.map(toItem),
    scaleEvents: undefined,
  };
}
