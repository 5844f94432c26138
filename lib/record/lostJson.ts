/**
 * The run record's `lost` list (lib/record/runMarker.ts): one item per unvouched name, in the
 * same order, `null` when its write would have added nothing a window needs, else
 * `{"r":[time,replicas],"a":lastActiveTime}` (each part optional; Unix seconds). At most 44
 * bytes and a comma an item, so with `MAX_UNVOUCHED` (100) names at most 4.5 KB beside the
 * names. Absent when no item has anything: a record of an older version reads the same.
 */
import type { LostRecord } from './lost.js';

export type { LostRecord } from './lost.js';

type LostItem = { r?: [number, number]; a?: number } | null;

/** The list for `names`, or undefined when none of them lost anything. */
export function toLostList(
  names: readonly string[],
  lost: ReadonlyMap<string, LostRecord> | undefined,
): LostItem[] | undefined {
  if (lost === undefined) return undefined;
  const items = names.map((n): LostItem => {
    const e = lost.get(n);
    if (e === undefined) return null;
    const r = e.recommendation;
    return {
      ...(r && { r: [r.time, r.replicas] as [number, number] }),
      ...(e.lastActiveTime !== undefined && { a: e.lastActiveTime }),
    };
  });
  return items.some((i) => i !== null) ? items : undefined;
}

const isInt = (x: unknown, min: number): x is number =>
  typeof x === 'number' && Number.isSafeInteger(x) && x >= min;

function readItem(raw: unknown): LostRecord | null | 'malformed' {
  if (raw === null) return null;
  if (typeof raw !== 'object' || Array.isArray(raw)) return 'malformed';
  const { r, a, ...rest } = raw as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return 'malformed';
  const rec = r === undefined ? undefined : Array.isArray(r) && r.length === 2 ? r : 'malformed';
  if (rec === 'malformed' || (rec && !(isInt(rec[0], 0) && isInt(rec[1], 0)))) return 'malformed';
  if (a !== undefined && !isInt(a, 0)) return 'malformed';
  return {
    ...(rec && { recommendation: { time: rec[0] as number, replicas: rec[1] as number } }),
    ...(a !== undefined && { lastActiveTime: a }),
  };
}

/** The entries of `raw` by name; `'malformed'` (the whole record is then not trusted). */
export function readLostList(
  names: readonly string[],
  raw: unknown,
): ReadonlyMap<string, LostRecord> | 'malformed' {
  if (!Array.isArray(raw) || raw.length !== names.length) return 'malformed';
  const out = new Map<string, LostRecord>();
  for (const [i, item] of (raw as unknown[]).entries()) {
    const e = readItem(item);
    if (e === 'malformed') return 'malformed';
    if (e !== null) out.set(names[i]!, e);
  }
  return out;
}
