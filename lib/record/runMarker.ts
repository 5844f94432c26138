/**
 * What a shard's Lease says about its last run, for standing times (lib/state/standing.ts):
 * a run that covers its whole shard records, when it ends, the time by which it had decided every
 * resource (`RUN_ANNOTATION`) and a record of what it vouches for (`RECORD_ANNOTATION`): the
 * Lease epoch it held (`leaseTransitions`), its shard layout, and the names whose status write it
 * does not know to have landed, with what each of those writes would have added that a window
 * needs (lib/record/lost.ts). At its start it removes both, so a run that dies or loses its
 * lease leaves nothing to trust.
 *
 * The next run trusts them only when they are whole, of its own layout, of the epoch just
 * before its own (no other holder since), and when no run of another layout has written its
 * Lease since (a margin covers the clocks). Otherwise there is no previous run: every standing
 * time counts until this run (the conservative rule), and so it does for an unvouched name.
 */
import type { Annotations } from '../lease/lock.js';
import { toRfc3339 } from '../util/time.js';
import { readLostList, toLostList, type LostRecord } from './lostJson.js';

export const RUN_ANNOTATION = 'business-scaler.example.com/last-run';
export const RECORD_ANNOTATION = 'business-scaler.example.com/last-run-record';

/** More names than this not vouched for: the run vouches for none. */
export const MAX_UNVOUCHED = 100;

export interface RunRecord {
  /** Unix seconds: every resource of the run was decided by then. */
  readonly at: number;
  /** The Lease's `leaseTransitions` while the run held it. */
  readonly epoch: number;
  /** `index-of-count`. */
  readonly layout: string;
  readonly unvouched: readonly string[] | 'all';
  /** Unvouched name → what its failed status write would have added (lib/record/lost.ts). */
  readonly lost?: ReadonlyMap<string, LostRecord>;
}

export interface PreviousRun {
  readonly previousRun?: number;
  readonly unvouched?: ReadonlySet<string> | 'all';
  readonly lost?: ReadonlyMap<string, LostRecord>;
}

/** The annotations of a run in progress: no run record (nothing vouched for yet). */
export function withoutRunRecord(a: Annotations): Annotations {
  const rest: Record<string, string> = {};
  for (const [k, v] of Object.entries(a)) {
    if (k !== RUN_ANNOTATION && k !== RECORD_ANNOTATION) rest[k] = v;
  }
  return rest;
}

export function withRunRecord(a: Annotations, r: RunRecord): Annotations {
  const unvouched =
    r.unvouched === 'all' || r.unvouched.length > MAX_UNVOUCHED ? 'all' : r.unvouched;
  const lost = unvouched === 'all' ? undefined : toLostList(unvouched, r.lost);
  const record = { epoch: r.epoch, layout: r.layout, unvouched, ...(lost && { lost }) };
  return {
    ...withoutRunRecord(a),
    [RUN_ANNOTATION]: toRfc3339(new Date(r.at * 1000)),
    [RECORD_ANNOTATION]: JSON.stringify(record),
  };
}

const isNames = (x: unknown): x is string[] =>
  Array.isArray(x) && x.every((n) => typeof n === 'string');

/** The run record of `a`, or undefined when absent, partial or malformed. */
export function readRunRecord(a: Annotations | undefined): RunRecord | undefined {
  const raw = a?.[RUN_ANNOTATION];
  const json = a?.[RECORD_ANNOTATION];
  if (raw === undefined || json === undefined || !/^\d{4}-\d\d-\d\dT[^ ]+Z$/.test(raw)) return;
  const ms = Date.parse(raw);
  let r: unknown;
  try {
    r = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!Number.isFinite(ms) || typeof r !== 'object' || r === null) return undefined;
  const { epoch, layout, unvouched, lost: rawLost } = r as Record<string, unknown>;
  if (typeof epoch !== 'number' || !Number.isSafeInteger(epoch) || typeof layout !== 'string')
    return undefined;
  if (unvouched !== 'all' && !isNames(unvouched)) return undefined;
  const lost =
    unvouched === 'all' || rawLost === undefined ? undefined : readLostList(unvouched, rawLost);
  if (lost === 'malformed') return undefined;
  return { at: Math.floor(ms / 1000), epoch, layout, unvouched, ...(lost && { lost }) };
}

export interface TrustInput {
  /** The record as read before this run's acquire. */
  readonly record: RunRecord | undefined;
  readonly layout: string;
  /** The epochs a record may carry to be the one just before this run. */
  readonly epochs: readonly number[];
  /** Unix seconds of the latest write to a Lease of another layout (undefined: none). */
  readonly otherLayoutAt?: number;
  /** Seconds added for clocks that disagree. */
  readonly margin: number;
}

/** What this run may take from the previous run's record (lib/state/standing.ts). */
export function trustRunRecord(t: TrustInput): PreviousRun {
  const r = t.record;
  // What failed writes would have added are sightings all the same: kept when the run time is
  // not trusted (they can only hold a window longer).
  const kept = r?.lost && { lost: r.lost };
  if (r === undefined || r.layout !== t.layout || !t.epochs.includes(r.epoch)) return { ...kept };
  if (t.otherLayoutAt !== undefined && t.otherLayoutAt + t.margin >= r.at) return { ...kept };
  if (r.unvouched === 'all') return {};
  return { previousRun: r.at, unvouched: new Set(r.unvouched), ...(r.lost && { lost: r.lost }) };
}
