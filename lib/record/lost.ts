/**
 * What a failed status write would have added that a scale-down window needs (issue 20, case 7):
 * the newest recommendation the run saw (the latest time and the highest replicas of those the
 * write would have added: held at least as long and as high as each of them) and its last active
 * time. The run record carries it for each name it cannot vouch for (lib/record/runMarker.ts),
 * and the next run puts it back into that resource's state (`withLostRecord`), so a spike seen
 * by a run whose record failed still holds its window. A record that is not trusted carries
 * nothing: then it is lost, as a kube-controller-manager restart loses the HPA's.
 */
import type { ScalingState } from '../decide/types.js';
import { EMPTY_HISTORY, type Recommendation } from '../behavior/types.js';

export interface LostRecord {
  /** Unix seconds and replicas: counts as seen then (a window holds it until time + window). */
  readonly recommendation?: Recommendation;
  /** Unix seconds. */
  readonly lastActiveTime?: number;
}

const key = (r: Recommendation) => `${r.time}/${r.replicas}`;

/** The parts of a State's `scaling` (lib/state/types.ts) that a scale-down window needs. */
export interface Seen {
  readonly history?: { readonly recommendations: readonly Recommendation[] };
  /** Unix seconds. */
  readonly lastActiveTime?: number;
}

/** What `next` adds to `prev` that a scale-down window needs; undefined when nothing. */
export function lostOf(prev: Seen | undefined, next: Seen): LostRecord | undefined {
  const stored = new Set((prev?.history?.recommendations ?? []).map(key));
  const added = (next.history?.recommendations ?? []).filter((r) => !stored.has(key(r)));
  const active = next.lastActiveTime;
  const lost: LostRecord = {
    ...(added.length > 0 && {
      recommendation: {
        time: Math.max(...added.map((r) => r.time)),
        replicas: Math.max(...added.map((r) => r.replicas)),
      },
    }),
    ...(active !== undefined && active !== prev?.lastActiveTime && { lastActiveTime: active }),
  };
  return lost.recommendation === undefined && lost.lastActiveTime === undefined ? undefined : lost;
}

const later = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

/** Both, as one: the later time and the higher replicas of each part. */
export function mergeLost(a: LostRecord | undefined, b: LostRecord | undefined): LostRecord {
  const ra = a?.recommendation;
  const rb = b?.recommendation;
  const recommendation =
    ra && rb
      ? { time: Math.max(ra.time, rb.time), replicas: Math.max(ra.replicas, rb.replicas) }
      : (ra ?? rb);
  const lastActiveTime = later(a?.lastActiveTime, b?.lastActiveTime);
  return {
    ...(recommendation !== undefined && { recommendation }),
    ...(lastActiveTime !== undefined && { lastActiveTime }),
  };
}

/**
 * `state` with what the previous run saw but could not record: its recommendation among the
 * stored ones (a time ahead of `now`, from a clock ahead of ours, counts as `now`: a later one
 * would be dropped when recorded), its last active time if later. Pure.
 */
export function withLostRecord(
  state: ScalingState,
  entry: LostRecord | undefined,
  now: number,
): ScalingState {
  if (entry === undefined) return state;
  const rec = entry.recommendation;
  const h = state.history ?? EMPTY_HISTORY;
  const lastActiveTime = later(
    state.lastActiveTime,
    entry.lastActiveTime === undefined ? undefined : Math.min(entry.lastActiveTime, now),
  );
  return {
    ...state,
    ...(rec && {
      history: {
        ...h,
        recommendations: [
          ...h.recommendations,
          { time: Math.min(rec.time, now), replicas: rec.replicas },
        ].sort((x, y) => x.time - y.time),
      },
    }),
    ...(lastActiveTime !== undefined && { lastActiveTime }),
  };
}

/** What a run's failed status writes would have added, by name, for its run record. */
export function createLostLog() {
  const log = new Map<string, LostRecord>();
  return {
    note: (name: string, entry: LostRecord | undefined): void => {
      if (entry !== undefined) log.set(name, mergeLost(log.get(name), entry));
    },
    /** The entries of `names` (the run's unvouched ones). */
    of(names: readonly string[] | 'all'): ReadonlyMap<string, LostRecord> {
      const list = names === 'all' ? [] : names;
      return new Map(list.flatMap((n) => (log.has(n) ? [[n, log.get(n)!] as const] : [])));
    },
  };
}
