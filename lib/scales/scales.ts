/**
 * The replicas of a run's targets, read and written. Where many targets are apps/v1 workloads
 * of one kind in one namespace (`BULK_MIN` or more), they are read with one paginated LIST
 * (`listScales`) instead of one GET `/scale` each; every other target, a target the list did
 * not show, and every target of a list that failed are read with GET `/scale` as before (so a
 * missing target is still TargetNotFound, and a failing read FailedGetScale, per resource).
 * Writes always go through `/scale`, and always carry the resourceVersion of the read the
 * decision was made on (the Scale's, or the listed workload's) as a precondition: a 409 means
 * the workload changed since; the caller reads it again and decides again (lib/reconcile/one.ts).
 */
import {
  assertReplicas,
  KubeApiError,
  type KubePort,
  type ListedKind,
  type ScaleInfo,
} from '../kube/port.js';
import type { ScaleTargetRef } from '../spec/types.js';
import type { Limiter } from '../util/limit.js';
import { createListedGroup, type ListedGroup } from './listed.js';

/** Targets of one kind in one namespace from which a LIST is cheaper than a GET each. */
export const BULK_MIN = 20;

const LISTED: ReadonlySet<string> = new Set<ListedKind>([
  'Deployment',
  'StatefulSet',
  'ReplicaSet',
]);

export interface Scales {
  /** The target's `/scale`. Throws `KubeApiError` (404: not found) as `getScale` does. */
  read(ref: ScaleTargetRef): Promise<ScaleInfo>;
  /** Sets `spec.replicas` through `/scale`; `read` is what the decision was made on. */
  patch(ref: ScaleTargetRef, replicas: number, read: ScaleInfo): Promise<void>;
}

export interface ScalesDeps {
  readonly kube: Pick<KubePort, 'getScale' | 'patchScale' | 'listScales'>;
  /** The run's bound on concurrent Kubernetes calls (each LIST page takes one slot). */
  readonly limit: Limiter;
  /** A LIST that failed (its targets are then read one by one). */
  readonly warn: (line: string) => void;
}

const listable = (ref: ScaleTargetRef): ref is ScaleTargetRef & { kind: ListedKind } =>
  ref.apiVersion === 'apps/v1' && LISTED.has(ref.kind);

const groupKey = (ref: ScaleTargetRef) => `${ref.kind}/${ref.namespace}`;

/** Lists start at once for every group of `targets` (the run's) with `BULK_MIN` or more. */
export function createScales(deps: ScalesDeps, targets: Iterable<ScaleTargetRef>): Scales {
  const { kube, limit } = deps;
  const groups = new Map<string, ListedGroup>();
  const listScales = kube.listScales?.bind(kube);
  if (listScales) {
    const names = new Map<
      string,
      { ref: ScaleTargetRef & { kind: ListedKind }; set: Set<string> }
    >();
    for (const ref of targets) {
      if (!listable(ref)) continue;
      const k = groupKey(ref);
      let g = names.get(k);
      if (!g) names.set(k, (g = { ref, set: new Set() }));
      g.set.add(ref.name);
    }
    for (const [k, { ref, set }] of names) {
      if (set.size < BULK_MIN) continue;
      const pages = () => listScales(ref.kind, ref.namespace);
      groups.set(k, createListedGroup(pages, set, limit, deps.warn));
    }
  }
  const get = (ref: ScaleTargetRef) => limit(() => kube.getScale(ref));
  return {
    async read(ref) {
      const group = groups.get(groupKey(ref));
      const listed = group && listable(ref) ? await group.lookup(ref.name) : undefined;
      return listed ?? (await get(ref));
    },

    async patch(ref, replicas, read) {
      assertReplicas(ref, replicas);
      // Conditional on what the decision read, on every path: without a resourceVersion there
      // is nothing to condition on, and nothing is written. A 409 goes to the caller as it is.
      const rv = read.resourceVersion;
      if (rv === undefined) {
        throw new KubeApiError(
          0,
          `${ref.kind} ${ref.namespace}/${ref.name}: its /scale was read without a ` +
            'resourceVersion; not scaled',
        );
      }
      await limit(() => kube.patchScale(ref, replicas, rv));
    },
  };
}

/** A run's `scales`, or (none given) plain `/scale` calls under the run's Kubernetes limit. */
export function scalesOf(ctx: {
  readonly scales?: Scales;
  readonly kube: ScalesDeps['kube'];
  readonly kubeLimit: Limiter;
  readonly warn: (line: string) => void;
}): Scales {
  return ctx.scales ?? createScales({ kube: ctx.kube, limit: ctx.kubeLimit, warn: ctx.warn }, []);
}
