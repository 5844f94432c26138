/**
 * Standing times: how a status stays unwritten while nothing changes, and every later run still
 * decides as one long-running controller would.
 *
 * Some times in the state say when something was last seen, and move on every run that sees it
 * again: the newest recommendation (the HPA stamps each with the time of its sync), each
 * metric's last good value, and the last active time. A run that changes nothing else would
 * write status only to move them. Instead, every status write records its run time
 * (`status.recordedAt`), and a time equal to it means "seen at that run, and at every run since
 * that wrote nothing". A run that writes nothing is one whose status differed only in those
 * times (`settleStatus`): whatever it saw, it saw again.
 *
 * The next run needs the last of those runs: the shard's Lease records each run's time
 * (lib/lease/shardLease.ts), so a run knows the previous one (`previousRun`). Then
 * `standsThrough` is that time, and `standState` puts it in place of `recordedAt`
 * (`toDecideState` does both, for one State):
 * - status written after the previous run (a run for one name records no run time) → its own
 *   `recordedAt`;
 * - no previous run known (a new Lease, e.g. after SHARDS changed, or a dry run that cannot read
 *   it) → the second before this run: a recommendation then counts at most one period longer
 *   than the HPA's, never shorter;
 * - a previous run that did not get to this resource (it lost its lease, crashed, or failed to
 *   write this status) counts as having seen it: again longer, never shorter.
 */
import { adoptIntent } from '../behavior/pending.js';
import type { ScalingState } from '../decide/types.js';
import type { ScalingStatus } from './status.js';
import type { State } from './types.js';

/** Whole seconds of an RFC 3339 time; undefined when absent or malformed. */
export function toSeconds(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

/** Until when the times equal to `recordedAt` stand, seen from a run at `now` (all seconds). */
export function standsThrough(
  recordedAt: number | undefined,
  previousRun: number | undefined,
  now: number,
): number | undefined {
  if (recordedAt === undefined || recordedAt >= now) return undefined;
  if (previousRun === undefined) return now - 1;
  return Math.min(now, Math.max(recordedAt, previousRun));
}

/**
 * `state` with its standing times moved from `recordedAt` to `through`: the newest
 * recommendation's only (an older one of the same second, the first run's seed, was seen once),
 * each last known value's and the last active time.
 */
export function standState(
  state: ScalingState,
  recordedAt: number | undefined,
  through: number | undefined,
): ScalingState {
  if (recordedAt === undefined || through === undefined || through === recordedAt) return state;
  const move = (t: number) => (t === recordedAt ? through : t);
  const h = state.history;
  const last = state.lastValues;
  return {
    ...state,
    ...(h && {
      history: {
        ...h,
        recommendations: h.recommendations.map((r, i, all) =>
          i === all.length - 1 ? { ...r, time: move(r.time) } : r,
        ),
      },
    }),
    ...(last && {
      lastValues: Object.fromEntries(
        Object.entries(last).map(([k, v]) => [k, { ...v, time: move(v.time) }]),
      ),
    }),
    ...(state.lastActiveTime !== undefined && { lastActiveTime: move(state.lastActiveTime) }),
  };
}

/**
 * What `decide` reads from a State at `now`: its standing times moved through `previousRun`
 * (undefined: not known, or not to be trusted for this resource), and an intent of an earlier
 * version adopted as a pending event (lib/behavior/pending.ts).
 */
export function toDecideState(
  state: State,
  previousRun: number | undefined,
  now: number,
): ScalingState {
  const recordedAt = toSeconds(state.recordedAt);
  const through = standsThrough(recordedAt, previousRun, now);
  const stood = standState(state.scaling, recordedAt, through);
  const history = stood.history && adoptIntent(stood.history, state.intent);
  return history ? { ...stood, history } : stood;
}

const sameRec = (a: { time: number; replicas: number }, b: { time: number; replicas: number }) =>
  a.time === b.time && a.replicas === b.replicas;

/** Each standing time of a status: (what, seconds); the newest recommendation's first. */
function stamps(s: ScalingStatus): Map<string, number | undefined> {
  const out = new Map<string, number | undefined>();
  out.set('recommendation', s.history?.recommendations?.at(-1)?.time);
  for (const v of s.lastKnownValues ?? []) out.set(`lastKnown/${v.name}`, toSeconds(v.time));
  out.set('lastActive', toSeconds(s.lastActiveTime));
  return out;
}

/** Were the same things seen at `next`'s run as at `prev`'s (a standing time in both or neither)? */
function seenAlike(prev: ScalingStatus, was: number, next: ScalingStatus, now: number): boolean {
  const before = stamps(prev);
  const after = stamps(next);
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    if ((before.get(key) === was) !== (after.get(key) === now)) return false;
  }
  return true;
}

/**
 * `next` as `prev` would store it if this run wrote nothing: its standing times (equal to its
 * own `recordedAt`) put back to `prev.recordedAt`, and recommendations that only left every
 * window (the oldest, dropped by `recordRecommendation`) kept, since every reader skips them.
 * Equal to `prev` exactly when the run changed nothing but standing times. When this run saw
 * something `prev`'s did not, or stopped seeing something (a recommendation not recorded), it is
 * `next` unchanged: that must be written.
 */
export function settleStatus(prev: ScalingStatus, next: ScalingStatus): ScalingStatus {
  const was = toSeconds(prev.recordedAt);
  const now = toSeconds(next.recordedAt);
  if (was === undefined || now === undefined || was >= now) return next;
  if (!seenAlike(prev, was, next, now)) return next;
  const back = (t: string | undefined) =>
    t !== undefined && toSeconds(t) === now ? prev.recordedAt : t;
  const h = next.history;
  let recs: readonly { time: number; replicas: number }[] | undefined = h?.recommendations?.map(
    (r, i, all) => (i === all.length - 1 && r.time === now ? { ...r, time: was } : r),
  );
  const old = prev.history?.recommendations;
  if (recs && old && recs.length <= old.length) {
    const tail = old.slice(old.length - recs.length);
    const mapped = recs;
    if (tail.every((r, i) => sameRec(r, mapped[i]!))) recs = old;
  }
  return {
    ...next,
    recordedAt: prev.recordedAt,
    ...(h && { history: { ...h, recommendations: recs } }),
    ...(next.lastKnownValues && {
      lastKnownValues: next.lastKnownValues.map((v) => ({ ...v, time: back(v.time) ?? v.time })),
    }),
    ...(next.lastActiveTime !== undefined && { lastActiveTime: back(next.lastActiveTime) }),
  };
}
