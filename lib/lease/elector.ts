/**
 * One lease, one holder: acquire, renew, release (client-go's LeaderElector, one attempt at a
 * time, with the clocks injected). It knows nothing of HTTP: it talks to a `LeaseLock`.
 * - acquire: no Lease → create it. A Lease released by its holder → update it with the
 *   resourceVersion read. Held → free only once this process has seen the same version of it
 *   for a whole duration on its own monotonic clock (watch.ts); until then acquire watches it
 *   (at most `maxWaitMs`), and any change means its holder is alive: not acquired. A takeover
 *   from another holder counts in `leaseTransitions`. A lease held under our own identity by
 *   another elector (a second run in this process) is held too.
 * - renew: update with the resourceVersion of our last write. Any failure (a 409 after someone
 *   else wrote, a timeout, a 403) loses the lease at once; so does reaching the renew deadline.
 * - canWrite: held, and the write deadline not reached: our last successful write was sent less
 *   than renew deadline − attempt lifetime ago (monotonic), so whatever try starts now has landed
 *   or never will before a taker, who waits a whole duration from when it saw that write, acts.
 * - release: holder "" and leaseDurationSeconds 1 (client-go's ReleaseOnCancel), so the next run
 *   takes it without waiting; a failed release just lets it expire.
 * - annotations: acquire returns the ones it read and writes what `annotate` makes of them; every
 *   later write (renew, release) carries the held ones, which `setAnnotations` may replace.
 */
import { KubeApiError } from '../kube/port.js';
import { createAcquirer, type Acquired, type ElectorConfig } from './acquire.js';
import { toMicroTime, type Annotations, type LeaseSpec } from './lock.js';

export { shown, type Acquired, type ElectorConfig } from './acquire.js';

export interface Elector {
  acquire(annotate?: (previous: Annotations) => Annotations): Promise<Acquired>;
  /** false: the lease is lost (or was never held); nothing may be written any more. */
  renew(): Promise<boolean>;
  canWrite(): boolean;
  /** Why no write may start now; undefined when one may. */
  refusal(): string | undefined;
  /** The annotations the next renew or release writes (while held). */
  setAnnotations(annotations: Annotations): void;
  release(): Promise<void>;
}

interface Held {
  resourceVersion: string;
  spec: LeaseSpec;
  annotations: Annotations;
  /** Monotonic, taken before sending the write that succeeded. */
  renewedAt: number;
}

export function createElector(cfg: ElectorConfig): Elector {
  const { lock, namespace, name, timing, now, watch } = cfg;
  const key = `${namespace}/${name}`;
  const mono = watch.monotonic;
  let held: Held | undefined;
  let lost: string | undefined;

  const take = (resourceVersion: string, spec: LeaseSpec, annotations: Annotations, at: number) => {
    watch.see(lock, key, resourceVersion);
    held = { resourceVersion, spec, annotations, renewedAt: at };
  };
  const { acquireOnce, refused } = createAcquirer(cfg, take);

  const lose = (why: string): false => {
    held = undefined;
    lost = why;
    return false;
  };

  const refusal = (): string | undefined => {
    if (!held) return lost ?? `lease ${key} not held`;
    const deadline = held.renewedAt + timing.renewDeadlineMs - timing.attemptMs;
    return mono() < deadline
      ? undefined
      : `the write deadline of lease ${key} passed (not renewed in time)`;
  };

  return {
    async acquire(annotate = (previous: Annotations) => previous) {
      if (held) throw new Error(`lease ${key} is already held by this elector`);
      try {
        return await acquireOnce(annotate);
      } catch (err) {
        // Someone else created or updated it between our read and our write: they won.
        if (err instanceof KubeApiError && err.status === 409) return refused();
        throw err;
      }
    },

    async renew() {
      const current = held;
      if (!current) return false;
      const at = mono();
      if (at >= current.renewedAt + timing.renewDeadlineMs) {
        return lose(`lease ${key} lost: not renewed within its renew deadline`);
      }
      const spec = { ...current.spec, renewTime: toMicroTime(now()) };
      try {
        const { annotations, resourceVersion } = current;
        const written = await lock.updateLease(namespace, name, resourceVersion, spec, annotations);
        if (held === current) take(written.resourceVersion, spec, current.annotations, at);
        return held !== undefined;
      } catch {
        return lose(`lease ${key} lost: its renewal failed`);
      }
    },

    canWrite: () => refusal() === undefined,
    refusal,

    setAnnotations(annotations) {
      if (held) held.annotations = annotations;
    },

    async release() {
      const current = held;
      if (!current) return;
      lose(`lease ${key} released`);
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
}
