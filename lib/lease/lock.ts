/**
 * The lease lock port (client-go's `resourcelock.Interface`): get, create and update of one
 * `coordination.k8s.io/v1` Lease, the update carrying the `resourceVersion` read, so that of two
 * racing writers at most one succeeds. Implemented by the REST adapter (lib/kube/leases.ts) and
 * in memory by test/support/fakeKube.ts. Knows nothing of electing.
 */

/** The fields client-go's leader election keeps in a Lease's `spec`. Times are RFC 3339 (µs). */
export interface LeaseSpec {
  readonly holderIdentity: string;
  readonly leaseDurationSeconds: number;
  readonly acquireTime: string;
  readonly renewTime: string;
  readonly leaseTransitions: number;
}

export interface LeaseSnapshot {
  readonly resourceVersion: string;
  /** As stored: unvalidated, it may have been edited by hand (lib/lease/record.ts reads it). */
  readonly spec: Readonly<Record<string, unknown>>;
  /**
   * The API server's time of the latest write to the object (the newest `managedFields[].time`),
   * whoever made it; absent when the server records none.
   */
  readonly lastWrite?: string;
  /** `metadata.annotations` as stored (string values only); what a run records (shardLease.ts). */
  readonly annotations?: Readonly<Record<string, string>>;
}

export type Annotations = Readonly<Record<string, string>>;

export interface LeaseLock {
  /** `undefined` when there is no such Lease. Throws `KubeApiError` otherwise. */
  getLease(namespace: string, name: string): Promise<LeaseSnapshot | undefined>;
  /** Every Lease of the namespace, by name. Throws `KubeApiError`. */
  listLeases(namespace: string): Promise<readonly (LeaseSnapshot & { readonly name: string })[]>;
  /** Throws `KubeApiError` 409 when it exists already. */
  createLease(
    namespace: string,
    name: string,
    spec: LeaseSpec,
    annotations?: Annotations,
  ): Promise<LeaseSnapshot>;
  /**
   * Replaces `spec` and `metadata.annotations` (absent: none) if the Lease is still at
   * `resourceVersion`; else `KubeApiError` 409.
   */
  updateLease(
    namespace: string,
    name: string,
    resourceVersion: string,
    spec: LeaseSpec,
    annotations?: Annotations,
  ): Promise<LeaseSnapshot>;
}

/** client-go's MicroTime layout, `2006-01-02T15:04:05.000000Z07:00`, in UTC. */
export const toMicroTime = (ms: number): string =>
  new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
