/**
 * The lease of one (cluster, shard) for the length of a run: acquired before the run reads
 * anything, renewed every duration/3 while it lasts, released at its end. Used by
 * `reconcileAll`, so no caller can forget it.
 */
import { KubeApiError } from '../kube/port.js';
import type { Shard } from '../shard/shard.js';
import { createElector } from './elector.js';
import type { LeaseLock } from './lock.js';

export interface ShardLeaseConfig {
  readonly lock: LeaseLock;
  readonly namespace: string;
  readonly durationSeconds: number;
  readonly identity: string;
  /** Epoch ms. */
  readonly now: () => number;
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
}

export type ShardLease =
  | { readonly ok: true; canWrite(): boolean; release(): Promise<void> }
  | { readonly ok: false; readonly skip: LeaseSkip };

export const leaseName = (shard: Shard): string =>
  `business-scaler-shard-${shard.index}-of-${shard.count}`;

/** Throws `KubeApiError` when the Lease cannot be read or written (the run then fails). */
export async function takeShardLease(cfg: ShardLeaseConfig, shard: Shard): Promise<ShardLease> {
  const name = leaseName(shard);
  const elector = createElector({ ...cfg, name });
  const got = await elector.acquire();
  if (!got.ok) {
    const { holder, expires } = got;
    const skip = { lease: `${cfg.namespace}/${name}`, holder, expires };
    return { ok: false, skip: got.since !== undefined ? { ...skip, since: got.since } : skip };
  }
  let renewing: Promise<boolean> = Promise.resolve(true);
  const timer = setInterval(
    () => {
      renewing = renewing.then(() => elector.renew());
    },
    Math.max(100, (cfg.durationSeconds * 1000) / 3),
  );
  timer.unref();
  return {
    ok: true,
    canWrite: () => elector.canWrite(),
    async release() {
      clearInterval(timer);
      await renewing;
      await elector.release();
    },
  };
}

export function formatSkip(skip: LeaseSkip): string {
  return (
    `skipped: lease ${skip.lease} held by ${skip.holder} since ${skip.since ?? 'unknown'}, ` +
    `expires ${skip.expires}; nothing read or written`
  );
}

export type Leased<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly skip: LeaseSkip };

/**
 * `body` runs while this process holds the shard's lease, with `canWrite` false from the moment
 * it is lost; the lease is released when `body` settles. A Lease held by another run → `skip`.
 */
export async function withShardLease<T>(
  cfg: ShardLeaseConfig,
  shard: Shard,
  body: (canWrite: () => boolean) => Promise<T>,
): Promise<Leased<T>> {
  const lease = await takeShardLease(cfg, shard).catch((err: unknown) => {
    if (err instanceof KubeApiError && err.status === 404) {
      throw new KubeApiError(
        404,
        `${err.message} (does namespace ${cfg.namespace} exist? apply crds/rbac.yaml or set LEASE_NAMESPACE)`,
      );
    }
    throw err;
  });
  if (!lease.ok) return lease;
  try {
    return { ok: true, value: await body(() => lease.canWrite()) };
  } finally {
    await lease.release();
  }
}
