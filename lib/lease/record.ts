/**
 * How a Lease as stored is read: pure, so every rule about malformed or hand-edited values is in
 * one place and in one table test. Nothing here compares a time in the Lease with our clock:
 * whether it expired is judged by the watch (watch.ts), from when this process saw it change.
 * - a release record — `holderIdentity` "" and `leaseDurationSeconds` 1, what a run writes at its
 *   end (client-go's ReleaseOnCancel) — is free at once. A holder cleared any other way (a hand
 *   edit that only empties `holderIdentity`, an empty Lease) is free only once expired, so a live
 *   holder learns of the edit (its next renewal fails) before anyone else may write. A
 *   non-string holder counts as `(malformed holderIdentity)`.
 * - duration = `leaseDurationSeconds` clamped to [our LEASE_DURATION_SECONDS, 3600]; missing or
 *   not an integer → ours. So 0, negative or tiny values wait at least our duration, and a huge
 *   one blocks for at most an hour after the last change we saw.
 * - `acquireTime` is shown (`since`) when it parses, never used to decide.
 * - `leaseTransitions` not a non-negative integer → 0.
 */
import type { LeaseSnapshot } from './lock.js';

export const MAX_LEASE_SECONDS = 3600;
export const MALFORMED_HOLDER = '(malformed holderIdentity)';

export interface LeaseView {
  /** "" when released, cleared or never held. */
  readonly holder: string;
  /** Released by its holder: free now, whatever the clocks say. */
  readonly released: boolean;
  /** How long the version seen must stay unchanged before it counts as expired. */
  readonly durationSeconds: number;
  /** `acquireTime` when it parses: since when the holder says it holds it. */
  readonly since?: string;
  readonly transitions: number;
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

function shownTime(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || !/^\d{4}-\d\d-\d\dT/.test(raw)) return undefined;
  const ms = Date.parse(raw);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

export function readLease(snap: LeaseSnapshot, ourDurationSeconds: number): LeaseView {
  const spec = snap.spec;
  const rawHolder = spec.holderIdentity;
  const holder =
    rawHolder === undefined || rawHolder === null
      ? ''
      : typeof rawHolder === 'string'
        ? rawHolder
        : MALFORMED_HOLDER;
  const raw = spec.leaseDurationSeconds;
  const theirs = Number.isSafeInteger(raw) ? (raw as number) : ourDurationSeconds;
  const since = shownTime(spec.acquireTime);
  return {
    holder,
    released: holder === '' && raw === 1,
    durationSeconds: Math.min(MAX_LEASE_SECONDS, Math.max(ourDurationSeconds, theirs)),
    ...(since !== undefined && { since }),
    transitions: isCount(spec.leaseTransitions) ? spec.leaseTransitions : 0,
  };
}

/** Whether a Lease seen now is free, and when it would be (by our clocks). */
export interface Judged {
  readonly view: LeaseView;
  readonly free: boolean;
  /** Monotonic ms after which this version counts as expired. */
  readonly expiresAt: number;
}

/** Judges `snap` by when `see` says its version was first seen (monotonic `nowMono`). */
export function judgeLease(
  snap: LeaseSnapshot,
  ourDurationSeconds: number,
  seenAt: number,
  nowMono: number,
): Judged {
  const view = readLease(snap, ourDurationSeconds);
  const expiresAt = seenAt + view.durationSeconds * 1000;
  return { view, free: view.released || nowMono >= expiresAt, expiresAt };
}
