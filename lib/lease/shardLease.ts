/**
 * The lease of one (cluster, shard) for the length of a run: acquired before the run reads
 * anything, renewed every third of its write window (writeBound.ts) while it lasts, released at
 * its end. Used by
 * `reconcileAll`, so no caller can forget it.
 *
 * The Lease also says when the last run of its shard ran: a run that covers the whole shard
 * removes the run record with the acquire and writes its own when it ends (`finish`,
 * lib/record/runMarker.ts); lib/record/previousRun.ts decides how far to trust it. A run that
 * fails before reading any resource puts the previous record back when it releases.
 */
import { KubeApiError } from '../kube/port.js';
import type { Shard } from '../shard/shard.js';
import { createElector } from './elector.js';
import { heldByOtherLayout } from './layout.js';
import type { Annotations, LeaseLock } from './lock.js';
import type { LeaseWatch } from './watch.js';
import type { LeaseTiming } from './writeBound.js';
import { RUN_ANNOTATION, withoutRunRecord, withRunRecord } from '../record/runMarker.js';
import type { LostRecord } from '../record/lost.js';

export interface ShardLeaseConfig {
  readonly lock: LeaseLock;
  readonly namespace: string;
  readonly timing: LeaseTiming;
  readonly identity: string;
  /** Epoch ms: written into the Lease and shown, never compared with a time read from it. */
  readonly now: () => number;
  /** What this process saw of each Lease, on its monotonic clock (watch.ts). */
  readonly watch: LeaseWatch;
  /** How long acquire watches a held Lease for a sign of life (elector.ts). */
  readonly maxWaitMs?: number;
}

/** What a run reports when another run holds its shard's lease. */
export interface LeaseSkip {
  /** `namespace/name` of the Lease. */
  readonly lease: string;
  readonly holder: string;
  /** The holder's `acquireTime`, when readable. */
  readonly since?: string;
  /** When it counts as expired if not renewed, by this run's clock. */
  readonly expires: string;
  /** Set when the Lease is another shard count's (lib/lease/layout.ts). */
  readonly why?: string;
}

/** What a run holding its shard's lease knows of it. */
export interface HeldLease {
  canWrite(): boolean;
  /** Why no write may start now (lost, or its write deadline passed); undefined when one may. */
  refusal(): string | undefined;
  /** The annotations as read before this run's acquire, and the epoch it holds (runMarker.ts). */
  readonly previous?: Annotations;
  readonly transitions?: number;
  /** A run that records: what it vouches for, written with the release (lib/record/runMarker.ts). */
  finish?(
    at: number,
    unvouched: readonly string[] | 'all',
    lost?: ReadonlyMap<string, LostRecord>,
  ): void;
}

export type ShardLease =
  | (HeldLease & { readonly ok: true; release(ranToEnd?: boolean): Promise<void> })
  | { readonly ok: false; readonly skip: LeaseSkip };

export const leaseName = (shard: Shard): string =>
  `business-scaler-shard-${shard.index}-of-${shard.count}`;

export { RUN_ANNOTATION };

/**
 * Throws `KubeApiError` when the Lease cannot be read or written (the run then fails). `runAt`
 * (Unix seconds): the run covers the whole shard and records its time in the Lease.
 */
export async function takeShardLease(
  cfg: ShardLeaseConfig,
  shard: Shard,
  runAt?: number,
): Promise<ShardLease> {
  const name = leaseName(shard);
  const elector = createElector({ ...cfg, name });
  // A run that records vouches for nothing until it ends (lib/record/runMarker.ts).
  const got = await elector.acquire((previous) =>
    runAt === undefined ? previous : withoutRunRecord(previous),
  );
  if (!got.ok) {
    const { holder, expires } = got;
    const skip = { lease: `${cfg.namespace}/${name}`, holder, expires };
    return { ok: false, skip: got.since !== undefined ? { ...skip, since: got.since } : skip };
  }
  // Nothing read yet (or nothing at all): the previous run is still the last one of the shard.
  const putBackRunTime = () => elector.setAnnotations(got.previous);
  const other = await heldByOtherLayout(
    cfg.lock,
    cfg.namespace,
    shard,
    cfg.timing.durationSeconds,
    cfg.watch,
    cfg.now(),
  ).catch(async (err: unknown) => {
    putBackRunTime();
    await elector.release();
    throw err;
  });
  if (other !== undefined) {
    putBackRunTime();
    await elector.release();
    return { ok: false, skip: other };
  }
  let renewing: Promise<boolean> = Promise.resolve(true);
  const timer = setInterval(() => {
    renewing = renewing.then(() => elector.renew());
  }, cfg.timing.renewEveryMs);
  timer.unref();
  return {
    ok: true,
    canWrite: () => elector.canWrite(),
    refusal: () => elector.refusal(),
    previous: got.previous,
    transitions: got.transitions,
    ...(runAt !== undefined && {
      finish: (
        at: number,
        unvouched: readonly string[] | 'all',
        lost?: ReadonlyMap<string, LostRecord>,
      ) =>
        elector.setAnnotations(
          withRunRecord(got.previous, {
            at,
            epoch: got.transitions,
            layout: `${shard.index}-of-${shard.count}`,
            unvouched,
            ...(lost !== undefined && { lost }),
          }),
        ),
    }),
    async release(ranToEnd = true) {
      clearInterval(timer);
      await renewing;
      if (!ranToEnd) putBackRunTime();
      await elector.release();
    },
  };
}

export function formatSkip(skip: LeaseSkip): string {
  return (
    `skipped: lease ${skip.lease} held by ${skip.holder} since ${skip.since ?? 'unknown'}, ` +
    `expires ${skip.expires}${skip.why !== undefined ? ` (${skip.why})` : ''}; ` +
    'nothing read or written'
  );
}

export type Leased<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly skip: LeaseSkip };

/**
 * `body` runs while this process holds the shard's lease, with `canWrite` false from the moment
 * it is lost; the lease is released when `body` settles (a `body` that throws read nothing, so
 * the recorded run time is put back). A Lease held by another run → `skip`.
 */
export async function withShardLease<T>(
  cfg: ShardLeaseConfig,
  shard: Shard,
  body: (lease: HeldLease) => Promise<T>,
  runAt?: number,
): Promise<Leased<T>> {
  const lease = await takeShardLease(cfg, shard, runAt).catch((err: unknown) => {
    if (err instanceof KubeApiError && err.status === 404) {
      throw new KubeApiError(
        404,
        `${err.message} (does namespace ${cfg.namespace} exist? apply crds/rbac.yaml or set LEASE_NAMESPACE)`,
      );
    }
    throw err;
  });
  if (!lease.ok) return lease;
  let ranToEnd = false;
  try {
    const value = await body(lease);
    ranToEnd = true;
    return { ok: true, value };
  } finally {
    await lease.release(ranToEnd);
  }
}
