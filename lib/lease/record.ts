/**
 * How a Lease as stored is read: pure, so every rule about malformed, hand-edited or absurd
 * values is in one place and in one table test. The rules never make a lease free while a live
 * holder renews it: any write to the Lease (ours or a hand edit) restarts its clock.
 * - a release record — `holderIdentity` "" and `leaseDurationSeconds` 1, what a run writes at its
 *   end (client-go's ReleaseOnCancel) — is free at once. A holder cleared any other way (a hand
 *   edit that only empties `holderIdentity`, an empty Lease) is free only once expired, so a live
 *   holder learns of the edit (its next renewal fails) before anyone else may write. A
 *   non-string holder counts as `(malformed holderIdentity)`.
 * - last activity = the newest of `renewTime`, `acquireTime` and the API server's time of the
 *   last write (managedFields), each unparseable one ignored and each future one counted as now;
 *   none at all → now (held for a full duration from every look: an operator must fix or delete
 *   it, and the skip report says `since` is unknown).
 * - duration = `leaseDurationSeconds` clamped to [our LEASE_DURATION_SECONDS, 3600]; missing or
 *   not an integer → ours. So 0, negative or tiny values wait at least our duration, and a huge
 *   one blocks for at most an hour after the last write.
 * - `leaseTransitions` not a non-negative integer → 0.
 * Expiry is judged by the reader's clock (as client-go does; keep clocks in sync).
 */
import type { LeaseSnapshot } from './lock.js';

export const MAX_LEASE_SECONDS = 3600;
export const MALFORMED_HOLDER = '(malformed holderIdentity)';

export interface LeaseView {
  /** "" when released, cleared or never held. */
  readonly holder: string;
  readonly free: boolean;
  /** `acquireTime` when it parses: since when the holder holds it. */
  readonly since?: string;
  /** When it stops counting as held, by our clock (ISO). */
  readonly expires: string;
  readonly transitions: number;
}

function timeOf(raw: unknown, nowMs: number): number | undefined {
  if (typeof raw !== 'string' || !/^\d{4}-\d\d-\d\dT/.test(raw)) return undefined;
  const ms = Date.parse(raw);
  return Number.isFinite(ms) ? Math.min(ms, nowMs) : undefined;
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

export function readLease(
  snap: LeaseSnapshot,
  ourDurationSeconds: number,
  nowMs: number,
): LeaseView {
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
  const duration = Math.min(MAX_LEASE_SECONDS, Math.max(ourDurationSeconds, theirs));
  const times = [spec.renewTime, spec.acquireTime, snap.lastWrite]
    .map((t) => timeOf(t, nowMs))
    .filter((t): t is number => t !== undefined);
  const last = times.length > 0 ? Math.max(...times) : nowMs;
  const expiresMs = last + duration * 1000;
  const acquired = timeOf(spec.acquireTime, Number.POSITIVE_INFINITY);
  return {
    holder,
    free: (holder === '' && raw === 1) || nowMs >= expiresMs,
    ...(acquired !== undefined && { since: new Date(acquired).toISOString() }),
    expires: new Date(expiresMs).toISOString(),
    transitions: isCount(spec.leaseTransitions) ? spec.leaseTransitions : 0,
  };
}
