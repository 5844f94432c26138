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
 * - annotations: acquire returns the ones it read and writes what `annotate` makes of them; every
 *   later write (renew, release) carries the held ones, which `setAnnotations` may replace.
 */
import { KubeApiError } from '../kube/port.js';
import { toMicroTime, type Annotations, type LeaseLock, type LeaseSpec } from './lock.js';
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
  | {
      readonly ok: true;
      readonly transitions: number;
      /** The Lease's annotations as read before this acquire wrote it. */
      readonly previous: Annotations;
    }
  | {
      readonly ok: false;
      readonly holder: string;
      readonly since?: string;
      readonly expires: string;
    };

export interface Elector {
  acquire(annotate?: (previous: Annotations) => Annotations): Promise<Acquired>;
  /** false: the lease is lost (or was never held); nothing may be written any more. */
  renew(): Promise<boolean>;
  canWrite(): boolean;
  /** The annotations the next renew or release writes (while held). */
  setAnnotations(annotations: Annotations): void;
  release(): Promise<void>;
}

interface Held {
  resourceVersion: string;
  spec: LeaseSpec;
  annotations: Annotations;
  /** Our clock, taken before the write that succeeded. */
  renewedAt: number;
}

export function createElector(cfg: ElectorConfig): Elector {
  const { lock, namespace, name, identity, durationSeconds, now } = cfg;
  let held: Held | undefined;

  const take = (resourceVersion: string, spec: LeaseSpec, annotations: Annotations, at: number) =>
    (held = { resourceVersion, spec, annotations, renewedAt: at });

  async function refused(): Promise<Acquired> {
    const snap = await lock.getLease(namespace, name);
    if (!snap) return { ok: false, holder: '(unknown)', expires: new Date(now()).toISOString() };
    const view = readLease(snap, durationSeconds, now());
    return { ok: false, holder: shown(view.holder), ...since(view), expires: view.expires };
  }

  return {
    async acquire(annotate = (previous: Annotations) => previous) {
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
      const previous = snap?.annotations ?? {};
      const annotations = annotate(previous);
      try {
        if (!snap) {
          const spec = fresh(0);
          const created = await lock.createLease(namespace, name, spec, annotations);
          take(created.resourceVersion, spec, annotations, at);
          return { ok: true, transitions: 0, previous };
        }
        const view = readLease(snap, durationSeconds, at);
        if (!view.free)
          return { ok: false, holder: shown(view.holder), ...since(view), expires: view.expires };
        const transitions = view.transitions + (view.holder === identity ? 0 : 1);
        const spec = fresh(transitions);
        const written = await lock.updateLease(
          namespace,
          name,
          snap.resourceVersion,
          spec,
          annotations,
        );
        take(written.resourceVersion, spec, annotations, at);
        return { ok: true, transitions, previous };
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
        const { annotations } = current;
        const written = await lock.updateLease(
          namespace,
          name,
          current.resourceVersion,
          spec,
          annotations,
        );
        if (held === current) take(written.resourceVersion, spec, current.annotations, at);
        return held !== undefined;
      } catch {
        return lose();
      }
    },

    canWrite: () => held !== undefined && now() < held.renewedAt + durationSeconds * 1000,

    setAnnotations(annotations) {
      if (held) held.annotations = annotations;
    },

    async release() {
      const current = held;
      held = undefined;
      if (!current) return;
      const at = toMicroTime(now());
      const spec = { ...current.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: at };
      try {
        await lock.updateLease(
          namespace,
          name,
          current.resourceVersion,
          { ...spec, acquireTime: at },
          current.annotations,
        );
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
export const shown = (holder: string) => holder || '(none: cleared, not released)';

const since = (view: { since?: string }) => (view.since !== undefined ? { since: view.since } : {});
