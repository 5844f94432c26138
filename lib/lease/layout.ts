/**
 * Runs of different shard counts cover overlapping resources (shard 0 of 1 is everything), and
 * their Leases have different names, so taking one's own Lease alone does not keep them apart.
 * After taking its Lease a run lists the namespace's shard Leases: one of another shard count
 * that is held (not released, not expired) means another layout is running, and this run
 * releases its own and is skipped. Checking after taking is what makes it safe: of two runs that
 * race, the later taker always sees the earlier (at worst both see each other and both skip).
 * Whether such a Lease expired is judged as for our own (watch.ts): released, or seen unchanged
 * by this process for its whole duration; never by the times written in it.
 */
import { KubeApiError } from '../kube/port.js';
import type { Shard } from '../shard/shard.js';
import type { LeaseLock } from './lock.js';
import { shown } from './elector.js';
import { judgeLease } from './record.js';
import type { LeaseWatch } from './watch.js';

const SHARD_LEASE = /^business-scaler-shard-(\d+)-of-(\d+)$/;

export interface OtherLayout {
  /** `namespace/name` of the Lease held by a run of another shard count. */
  readonly lease: string;
  readonly holder: string;
  readonly since?: string;
  readonly expires: string;
  readonly why: string;
}

/** The first shard Lease of another shard count that is held now; undefined when none. */
export async function heldByOtherLayout(
  lock: LeaseLock,
  namespace: string,
  shard: Shard,
  durationSeconds: number,
  watch: LeaseWatch,
  nowMs: number,
): Promise<OtherLayout | undefined> {
  let leases: Awaited<ReturnType<LeaseLock['listLeases']>>;
  try {
    leases = await lock.listLeases(namespace);
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 403) {
      throw new KubeApiError(
        403,
        `${err.message} (apply crds/rbac.yaml or the Azure role again: listing the Leases of ` +
          `${namespace} keeps runs of different shard counts apart)`,
      );
    }
    throw err;
  }
  for (const snap of leases) {
    const m = SHARD_LEASE.exec(snap.name);
    if (!m || Number(m[2]) === shard.count) continue;
    const key = `${namespace}/${snap.name}`;
    const at = watch.monotonic();
    const judged = judgeLease(
      snap,
      durationSeconds,
      watch.see(lock, key, snap.resourceVersion),
      at,
    );
    if (judged.free) continue;
    const { view } = judged;
    return {
      lease: key,
      holder: shown(view.holder),
      ...(view.since !== undefined && { since: view.since }),
      expires: new Date(nowMs + judged.expiresAt - at).toISOString(),
      why:
        `a run with SHARDS=${m[2]} holds it while this one has ${shard.count}; ` +
        'every writer of a cluster must use the same shard count',
    };
  }
  return undefined;
}
