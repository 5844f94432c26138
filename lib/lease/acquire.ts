/**
 * Taking a Lease (client-go's tryAcquireOrRenew, the acquire half), used by the elector: create
 * it, take it when released, or watch a held one until this process has seen it unchanged for a
 * whole duration (watch.ts); any change while watching means its holder is alive.
 */
import {
  toMicroTime,
  type Annotations,
  type LeaseLock,
  type LeaseSnapshot,
  type LeaseSpec,
} from './lock.js';
import { judgeLease } from './record.js';
import type { LeaseWatch } from './watch.js';
import type { LeaseTiming } from './writeBound.js';

export interface ElectorConfig {
  readonly lock: LeaseLock;
  readonly namespace: string;
  readonly name: string;
  readonly identity: string;
  readonly timing: LeaseTiming;
  /** Epoch ms: only written into the Lease (acquireTime, renewTime) and shown, never compared. */
  readonly now: () => number;
  readonly watch: LeaseWatch;
  /** How long acquire watches a held Lease for a sign of life. Default: our duration. */
  readonly maxWaitMs?: number;
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

/** Records a successful write of ours: its resourceVersion, spec, annotations, monotonic time. */
export type Take = (
  resourceVersion: string,
  spec: LeaseSpec,
  annotations: Annotations,
  at: number,
) => void;

/** A holder cleared by hand (not released) still blocks until it expires: say so. */
export const shown = (holder: string) => holder || '(none: cleared, not released)';

const since = (view: { since?: string }) => (view.since !== undefined ? { since: view.since } : {});

export function createAcquirer(cfg: ElectorConfig, take: Take) {
  const { lock, namespace, name, identity, timing, now, watch } = cfg;
  const key = `${namespace}/${name}`;
  const mono = watch.monotonic;
  const maxWaitMs = cfg.maxWaitMs ?? timing.durationSeconds * 1000;

  const refusedBy = (snap: LeaseSnapshot): Acquired => {
    const m = mono();
    const { view, expiresAt } = judgeLease(
      snap,
      timing.durationSeconds,
      watch.see(lock, key, snap.resourceVersion),
      m,
    );
    const expires = new Date(now() + Math.max(0, expiresAt - m)).toISOString();
    return { ok: false, holder: shown(view.holder), ...since(view), expires };
  };

  async function refused(): Promise<Acquired> {
    const snap = await lock.getLease(namespace, name);
    if (!snap) return { ok: false, holder: '(unknown)', expires: new Date(now()).toISOString() };
    return refusedBy(snap);
  }

  async function acquireOnce(annotate: (previous: Annotations) => Annotations): Promise<Acquired> {
    const startedAt = mono();
    let firstVersion: string | undefined;
    for (;;) {
      const at = mono();
      const wall = now();
      const snap = await lock.getLease(namespace, name);
      const previous = snap?.annotations ?? {};
      const fresh = (transitions: number): LeaseSpec => ({
        holderIdentity: identity,
        leaseDurationSeconds: timing.durationSeconds,
        acquireTime: toMicroTime(wall),
        renewTime: toMicroTime(wall),
        leaseTransitions: transitions,
      });
      if (!snap) {
        const spec = fresh(0);
        const annotations = annotate(previous);
        const created = await lock.createLease(namespace, name, spec, annotations);
        take(created.resourceVersion, spec, annotations, at);
        return { ok: true, transitions: 0, previous };
      }
      // Any change while we watch: its holder is alive (or just released it): not ours this time.
      if (firstVersion !== undefined && snap.resourceVersion !== firstVersion)
        return refusedBy(snap);
      firstVersion = snap.resourceVersion;
      const judged = judgeLease(
        snap,
        timing.durationSeconds,
        watch.see(lock, key, snap.resourceVersion),
        at,
      );
      if (!judged.free) {
        const left = judged.expiresAt - at;
        if (at + left > startedAt + maxWaitMs) return refusedBy(snap);
        await watch.sleep(Math.min(left, Math.max(100, timing.renewEveryMs)));
        continue;
      }
      const { view } = judged;
      const transitions = view.transitions + (view.holder === identity ? 0 : 1);
      const spec = fresh(transitions);
      const annotations = annotate(previous);
      const rv = snap.resourceVersion;
      const written = await lock.updateLease(namespace, name, rv, spec, annotations);
      take(written.resourceVersion, spec, annotations, at);
      return { ok: true, transitions, previous };
    }
  }

  return { acquireOnce, refused };
}
