/**
 * Status layouts and their migration. `status.schemaVersion` says which layout a status was
 * written in; a status without one was written before versions (layout 0). Reading migrates
 * every older layout to the current one (SCHEMA_VERSION) before anything reads a field:
 * - 0 → 1: `history.scaleEvents`, the single signed list of the first versions, is split by
 *   sign into `scaleUpEvents` (+) and `scaleDownEvents` (−, as a positive change), oldest first,
 *   when neither of those lists exists; otherwise it is ignored. It is never written again.
 * A status of a newer layout is read as the current one (its fields are a superset; those this
 * version does not know are carried through), with a warning. The version is written with the
 * next write that happens anyway: a new version never rewrites every status at once.
 */
import { MAX_SCALE_EVENTS } from '../behavior/events.js';
import { SCHEMA_VERSION } from './types.js';

export interface Migrated {
  /** The status in the current layout. */
  readonly status: Readonly<Record<string, unknown>>;
  /** The layout it was written in (0: before versions). */
  readonly version: number;
  readonly warnings: readonly string[];
}

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);
const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** The signed list of layout 0, oldest first: + into the up list, − into the down list. */
function splitSigned(raw: unknown, warnings: string[]) {
  if (!Array.isArray(raw)) {
    if (raw !== undefined) warnings.push('status.history.scaleEvents: not a list, ignored');
    return { scaleUpEvents: [], scaleDownEvents: [] };
  }
  const items = raw as unknown[];
  const signed = items
    .filter((i): i is Record<string, unknown> => isRecord(i))
    .filter((i) => isInt(i.time) && isInt(i.change) && i.change !== 0)
    .map((i) => ({ time: i.time as number, change: i.change as number }))
    .sort((a, b) => a.time - b.time);
  if (signed.length < items.length) {
    warnings.push(
      `status.history.scaleEvents: ${items.length - signed.length} malformed item(s) dropped`,
    );
  }
  return {
    scaleUpEvents: signed.filter((e) => e.change > 0).slice(-MAX_SCALE_EVENTS),
    scaleDownEvents: signed
      .filter((e) => e.change < 0)
      .map((e) => ({ time: e.time, change: -e.change }))
      .slice(-MAX_SCALE_EVENTS),
  };
}

function fromLayout0(status: Record<string, unknown>, warnings: string[]) {
  const h = status.history;
  if (!isRecord(h) || !('scaleEvents' in h)) return status;
  const { scaleEvents, ...rest } = h;
  if (rest.scaleUpEvents !== undefined || rest.scaleDownEvents !== undefined) {
    return { ...status, history: rest };
  }
  return { ...status, history: { ...rest, ...splitSigned(scaleEvents, warnings) } };
}

/** `raw` (an object) in the current layout; never throws. */
export function migrateStatus(raw: Readonly<Record<string, unknown>>): Migrated {
  const warnings: string[] = [];
  const v = raw.schemaVersion;
  let version = 0;
  if (isInt(v) && v >= 0) version = v;
  else if (v !== undefined) warnings.push('status.schemaVersion: not a whole number, read as 0');
  if (version > SCHEMA_VERSION) {
    warnings.push(
      `status.schemaVersion ${version}: written by a newer version, read as ${SCHEMA_VERSION}`,
    );
  }
  const status = version < 1 ? fromLayout0({ ...raw }, warnings) : raw;
  return { status, version, warnings };
}
