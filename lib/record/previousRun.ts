/**
 * The previous run of a shard as this run may use it (lib/record/runMarker.ts): read from the
 * run record its Lease held before this run took it (or, for a dry run, holds now), checked
 * against the Leases of other shard layouts. Anything unreadable: no previous run.
 */
import type { LeaseLock, LeaseSnapshot } from '../lease/lock.js';
import { leaseName } from '../lease/shardLease.js';
import type { Shard } from '../shard/shard.js';
import { readRunRecord, trustRunRecord, type PreviousRun } from './runMarker.js';

const SHARD_LEASE = /^business-scaler-shard-(\d+)-of-(\d+)$/;

export interface PreviousRunInput {
  readonly lock: LeaseLock;
  readonly namespace: string;
  readonly shard: Shard;
  /** Seconds allowed for clocks that disagree (the lease duration). */
  readonly margin: number;
  /** The Lease this run holds: the annotations read before its acquire, and its epoch. */
  readonly held?: {
    readonly previous?: LeaseSnapshot['annotations'];
    readonly transitions?: number;
  };
}

const seconds = (raw: unknown): number | undefined => {
  const ms = typeof raw === 'string' ? Date.parse(raw) : NaN;
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
};

/** The latest write to `snap` that any of its times shows. */
function writtenAt(snap: LeaseSnapshot): number {
  const times = [snap.spec.renewTime, snap.spec.acquireTime, snap.lastWrite].map(seconds);
  return Math.max(0, ...times.filter((t): t is number => t !== undefined));
}

export async function readPreviousRunOf(i: PreviousRunInput): Promise<PreviousRun> {
  const layout = `${i.shard.index}-of-${i.shard.count}`;
  let annotations = i.held?.previous;
  let epochs: number[];
  try {
    if (i.held !== undefined) {
      const t = i.held.transitions ?? -1;
      epochs = [t - 1, t];
    } else {
      // A dry run holds nothing: the record is trusted if no one took the Lease since.
      const snap = await i.lock.getLease(i.namespace, leaseName(i.shard));
      annotations = snap?.annotations;
      const t = snap?.spec.leaseTransitions;
      epochs = typeof t === 'number' ? [t] : [0];
    }
    const record = readRunRecord(annotations);
    if (record === undefined) return {};
    let otherLayoutAt: number | undefined;
    for (const snap of await i.lock.listLeases(i.namespace)) {
      const m = SHARD_LEASE.exec(snap.name);
      if (!m || Number(m[2]) === i.shard.count) continue;
      otherLayoutAt = Math.max(otherLayoutAt ?? 0, writtenAt(snap));
    }
    return trustRunRecord({ record, layout, epochs, otherLayoutAt, margin: i.margin });
  } catch {
    return {};
  }
}
