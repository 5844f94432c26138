/**
 * The narrow port the reconciler talks to. `lib/kube/client.ts` implements it with
 * @kubernetes/client-node (the only importer of that package); tests use an in-memory fake.
 */
import type { LeaseLock } from '../lease/lock.js';
import type { ScaleTargetRef } from '../spec/types.js';
import type { ScalingStatus } from '../state/status.js';

export interface ScalingObject {
  readonly metadata: {
    readonly name: string;
    readonly uid: string;
    readonly generation?: number;
    readonly resourceVersion?: string;
    readonly creationTimestamp?: string;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  /** Unvalidated: run it through `parseScaling`. */
  readonly spec: unknown;
  readonly status?: ScalingStatus;
}

/** A merge patch of `status`: a field set to null is removed. */
export type StatusPatch = { readonly [K in keyof ScalingStatus]?: ScalingStatus[K] | null };

export interface ScaleInfo {
  /** `spec.replicas` of the /scale subresource: what we compare and patch. */
  readonly specReplicas: number;
  /** `status.replicas`: the replicas that exist (used by AverageValue like the HPA). */
  readonly statusReplicas: number;
  /**
   * The `metadata.resourceVersion` of the Scale read (`getScale`) or of the listed workload
   * (`listScales`; a Scale shares its workload's): every `/scale` patch carries it as a
   * precondition, so a read older than the workload never writes.
   */
  readonly resourceVersion?: string;
}

/** The workload kinds whose replicas can be read in bulk (`listScales`): apps/v1 only. */
export type ListedKind = 'Deployment' | 'StatefulSet' | 'ReplicaSet';

/** One workload of a `listScales` page: its name and `/scale` view. */
export interface ListedScale extends ScaleInfo {
  readonly name: string;
}

export interface EventInput {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

/** A Secret as metric auth needs it: values decoded (UTF-8), annotations for host binding. */
export interface SecretData {
  readonly annotations: Readonly<Record<string, string>>;
  readonly data: Readonly<Record<string, string>>;
}

/** Another autoscaler of a workload: an HPA, or a KEDA ScaledObject. */
export interface ExternalScaler {
  readonly kind: 'HorizontalPodAutoscaler' | 'ScaledObject';
  readonly namespace: string;
  readonly name: string;
  /** Its `scaleTargetRef`; the target is in the scaler's own namespace. */
  readonly target: { readonly apiVersion?: string; readonly kind: string; readonly name: string };
}

/** One EndpointSlice of a Service, as per-endpoint metric reading needs it. */
export interface EndpointSliceData {
  /** `IPv4`, `IPv6` or `FQDN`. */
  readonly addressType: string;
  readonly ports: readonly { readonly name?: string; readonly port?: number }[];
  /** `ready`: false only when the slice says so (unset means ready, as the API advises). */
  readonly endpoints: readonly { readonly addresses: readonly string[]; readonly ready: boolean }[];
}

/** The lease lock (get/create/update of a coordination.k8s.io/v1 Lease) is part of the port. */
export interface KubePort extends LeaseLock {
  /** Every BusinessScaling (paginated: limit 500 + continue). Throws on failure: the run fails. */
  listScalings(): Promise<ScalingObject[]>;
  /**
   * The same LIST, one page at a time as it arrives, so a run need not hold every object at
   * once. Optional: without it the run takes `listScalings()` as one page.
   */
  listScalingPages?(): AsyncIterable<readonly ScalingObject[]>;
  /** With the Scale's resourceVersion. Throws `KubeApiError` (404 → target not found, 403, …). */
  getScale(ref: ScaleTargetRef): Promise<ScaleInfo>;
  /**
   * Every apps/v1 workload of `kind` in `namespace` (paginated LIST), each page reduced to
   * names and replicas as it arrives. Optional: without it every target is read with `getScale`.
   * Throws `KubeApiError`.
   */
  listScales?(kind: ListedKind, namespace: string): AsyncIterable<readonly ListedScale[]>;
  /**
   * JSON merge patch `{spec:{replicas}}` on /scale; with `resourceVersion`, also as a
   * precondition (409 Conflict when the workload changed since). Throws `KubeApiError`.
   */
  patchScale(ref: ScaleTargetRef, replicas: number, resourceVersion?: string): Promise<void>;
  /** One BusinessScaling, read again (after a 409 on its status). Throws `KubeApiError`. */
  getScaling(name: string): Promise<ScalingObject>;
  /**
   * JSON merge patch `{status: patch}` through the /status subresource; `null` removes a
   * field. With `resourceVersion`, the patch carries it as a precondition: the API server
   * answers 409 when the object changed since it was read. Resolves to the new
   * resourceVersion (when the server returned one). Throws `KubeApiError`.
   */
  patchStatus(
    name: string,
    patch: StatusPatch,
    resourceVersion?: string,
  ): Promise<string | undefined>;
  /** A core/v1 Event about the BusinessScaling. Throws `KubeApiError`. */
  createEvent(about: ScalingObject, event: EventInput): Promise<void>;
  /** A core/v1 Secret (metric auth; only namespaces in SECRETS_NAMESPACES). Throws `KubeApiError`. */
  getSecret(namespace: string, name: string): Promise<SecretData>;
  /**
   * Every HPA (autoscaling/v1, all namespaces, paginated) and, when the keda.sh CRD is served,
   * every ScaledObject. Throws `KubeApiError`; the run then scales without the check.
   */
  listScalers(): Promise<ExternalScaler[]>;
  /**
   * The EndpointSlices of a Service (label `kubernetes.io/service-name`), from
   * `discovery.k8s.io/v1`, or `v1beta1` where v1 is not served (before 1.21). Only namespaces in
   * ENDPOINTS_NAMESPACES are asked for. Throws `KubeApiError`.
   */
  listEndpointSlices(namespace: string, service: string): Promise<EndpointSliceData[]>;
}

/** An API server refusal. `message` is safe to publish (no body, no token). */
export class KubeApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

/**
 * The last guard before a `/scale` patch: a whole number >= 0, never null, NaN or Infinity
 * (`{"spec":{"replicas":null}}` would set the workload to 0). Throws `KubeApiError` (422).
 */
export function assertReplicas(ref: { namespace: string; name: string }, replicas: unknown): void {
  if (Number.isSafeInteger(replicas) && (replicas as number) >= 0) return;
  const what = typeof replicas === 'number' ? String(replicas) : typeof replicas;
  throw new KubeApiError(422, `${ref.namespace}/${ref.name}: refused to set replicas to ${what}`);
}
