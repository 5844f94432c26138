/**
 * The two scale-event lists ↔ `status.history.scaleUpEvents` / `scaleDownEvents`, kept in slot
 * order (the HPA reuses a slot in place, so the order is part of the state). The signed list of
 * layout 0 is migrated before this reads (./migrate.ts).
 */
import { MAX_SCALE_EVENTS } from '../behavior/events.js';
import type { ScaleEvent, ScaleEvents } from '../behavior/types.js';
import type { StatusHistory, StatusScaleEvent } from './status.js';

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);

function readEvents(raw: unknown, field: string, warn: (line: string) => void): ScaleEvent[] {
  if (!Array.isArray(raw)) {
    if (raw !== undefined) warn(`status.history.${field}: not a list, ignored`);
    return [];
  }
  const out: ScaleEvent[] = [];
  for (const item of raw as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { time, change, outdated, pending } = item as Record<string, unknown>;
    if (!isInt(time) || !isInt(change) || change <= 0) continue;
    if (outdated === true) out.push({ time, change, outdated: true });
    else out.push(pending === true ? { time, change, pending: true } : { time, change });
  }
  const dropped = (raw as unknown[]).length - out.length;
  if (dropped > 0) warn(`status.history.${field}: ${dropped} malformed item(s) dropped`);
  return out.slice(-MAX_SCALE_EVENTS);
}

export function readScaleEvents(
  h: Readonly<Record<string, unknown>>,
  warn: (line: string) => void,
): ScaleEvents {
  return {
    scaleUpEvents: readEvents(h.scaleUpEvents, 'scaleUpEvents', warn),
    scaleDownEvents: readEvents(h.scaleDownEvents, 'scaleDownEvents', warn),
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
