/**
 * One lease, one holder: acquire, renew, release (client-go's LeaderElector, one attempt at a
 * time, with the clock injected). It knows nothing of HTTP: it talks to a `LeaseLock`.
 * - acquire: no Lease → create it; a Lease that `readLease` calls free → update it with the
 *   resourceVersion read (a takeover from another holder counts in `leaseTransitions`); held →
 *   not acquired, with the holder and since when. A lease held under our own identity by another
 *   elector (a second run in this process) is held too: only the elector that took it renews.
 * - renew: update with the resourceVersion of our last write. Any failure (a 409 after someone
 *   else wrote, a timeout, a 403) loses the lease at once; so does reaching expiry.
 * - canWrite: held, and our last successful write is younger than the duration (by our clock).
 * - release: holder "" and leaseDurationSeconds 1 (client-go's ReleaseOnCancel), so the next run
 *   takes it without waiting; a failed release just lets it expire.
 */
import { KubeApiError } from '../kube/port.js';
import { toMicroTime, type LeaseLock, type LeaseSpec } from './lock.js';
import { readLease } from './record.js';

export interface ElectorConfig {
  readonly lock: LeaseLock;
  readonly namespace: string;
  readonly name: string;
  readonly identity: string;
  readonly durationSeconds: number;
  /** Epoch ms. */
  readonly now: () => number;
}

export type Acquired =
  | { readonly ok: true; readonly transitions: number }
  | {
      readonly ok: false;
      readonly holder: string;
      readonly since?: string;
      readonly expires: string;
    };

export interface Elector {
  acquire(): Promise<Acquired>;
  /** false: the lease is lost (or was never held); nothing may be written any more. */
  renew(): Promise<boolean>;
  canWrite(): boolean;
  release(): Promise<void>;
}

interface Held {
  resourceVersion: string;
  spec: LeaseSpec;
  /** Our clock, taken before the write that succeeded. */
  renewedAt: number;
}

export function createElector(cfg: ElectorConfig): Elector {
  const { lock, namespace, name, identity, durationSeconds, now } = cfg;
  let held: Held | undefined;

  const take = (resourceVersion: string, spec: LeaseSpec, at: number) =>
    (held = { resourceVersion, spec, renewedAt: at });

  async function refused(): Promise<Acquired> {
    const snap = await lock.getLease(namespace, name);
    if (!snap) return { ok: false, holder: '(unknown)', expires: new Date(now()).toISOString() };
    const view = readLease(snap, durationSeconds, now());
    return { ok: false, holder: shown(view.holder), ...since(view), expires: view.expires };
  }

  return {
    async acquire() {
      if (held) throw new Error(`lease ${namespace}/${name} is already held by this elector`);
      const at = now();
      const fresh = (transitions: number): LeaseSpec => ({
        holderIdentity: identity,
        leaseDurationSeconds: durationSeconds,
        acquireTime: toMicroTime(at),
        renewTime: toMicroTime(at),
        leaseTransitions: transitions,
      });
      const snap = await lock.getLease(namespace, name);
      try {
        if (!snap) {
          const spec = fresh(0);
          take((await lock.createLease(namespace, name, spec)).resourceVersion, spec, at);
          return { ok: true, transitions: 0 };
        }
        const view = readLease(snap, durationSeconds, at);
        if (!view.free)
          return { ok: false, holder: shown(view.holder), ...since(view), expires: view.expires };
        const transitions = view.transitions + (view.holder === identity ? 0 : 1);
        const spec = fresh(transitions);
        const written = await lock.updateLease(namespace, name, snap.resourceVersion, spec);
        take(written.resourceVersion, spec, at);
        return { ok: true, transitions };
      } catch (err) {
        // Someone else created or updated it between our read and our write: they won.
        if (err instanceof KubeApiError && err.status === 409) return refused();
        throw err;
      }
    },

    async renew() {
      const current = held;
      if (!current) return false;
      const at = now();
      if (at >= current.renewedAt + durationSeconds * 1000) return lose();
      const spec = { ...current.spec, renewTime: toMicroTime(at) };
      try {
        const written = await lock.updateLease(namespace, name, current.resourceVersion, spec);
        if (held === current) take(written.resourceVersion, spec, at);
        return held !== undefined;
      } catch {
        return lose();
      }
    },

    canWrite: () => held !== undefined && now() < held.renewedAt + durationSeconds * 1000,

    async release() {
      const current = held;
      held = undefined;
      if (!current) return;
      const at = toMicroTime(now());
      const spec = { ...current.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: at };
      try {
        await lock.updateLease(namespace, name, current.resourceVersion, {
          ...spec,
          acquireTime: at,
        });
      } catch {
        // it expires on its own
      }
    },
  };

  function lose(): false {
    held = undefined;
    return false;
  }
}

/** A holder cleared by hand (not released) still blocks until it expires: say so. */
const shown = (holder: string) => holder || '(none: cleared, not released)';

const since = (view: { since?: string }) => (view.since !== undefined ? { since: view.since } : {});
