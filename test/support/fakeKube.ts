/**
 * An in-memory implementation of our own KubePort for unit tests: stores objects, keeps a
 * journal of writes, and can be told to fail the next call of a method with an HTTP status.
 */
import {
  KubeApiError,
  type EndpointSliceData,
  type EventInput,
  type ExternalScaler,
  type KubePort,
  type ListedKind,
  type ListedScale,
  type ScaleInfo,
  type ScalingObject,
  type SecretData,
  type StatusPatch,
} from '../../lib/kube/port.js';
import { checkWriteGate } from '../../lib/kube/writeGate.js';
import type { Annotations, LeaseSnapshot, LeaseSpec } from '../../lib/lease/lock.js';
import type { ScaleTargetRef } from '../../lib/spec/types.js';
import type { ScalingStatus } from '../../lib/state/status.js';

type Method =
  | 'listScalings'
  | 'getScale'
  | 'listScales'
  | 'patchScale'
  | 'patchStatus'
  | 'getScaling'
  | 'createEvent'
  | 'getSecret'
  | 'listScalers'
  | 'listEndpointSlices'
  | 'getLease'
  | 'listLeases'
  | 'createLease'
  | 'updateLease';
export type Write =
  | { op: 'patchScale'; target: string; replicas: number }
  | { op: 'patchStatus'; name: string; patch: StatusPatch }
  | { op: 'createEvent'; name: string; event: EventInput };

const key = (ref: ScaleTargetRef) => `${ref.kind}/${ref.namespace}/${ref.name}`;

export class FakeKube implements KubePort {
  readonly scalings = new Map<string, ScalingObject>();
  readonly workloads = new Map<string, { spec: number; status: number; rv: number }>();
  /** LISTs of workloads by `Kind/namespace`, and the page size `listScales` answers with. */
  readonly workloadLists: string[] = [];
  listPageSize = 500;
  readonly writes: Write[] = [];
  /** Writes not sent because the run's write gate said no (`method subject`). */
  readonly refusedWrites: string[] = [];
  /** `namespace/name` → Secret; `secretReads` counts getSecret calls by that key. */
  readonly secrets = new Map<string, SecretData>();
  readonly secretReads = new Map<string, number>();
  /** HPAs and ScaledObjects that `listScalers` returns. */
  readonly scalers: ExternalScaler[] = [];
  /** `namespace/service` → its EndpointSlices. */
  readonly endpointSlices = new Map<string, EndpointSliceData[]>();
  private failures: { method: Method; status: number; match?: string }[] = [];
  private version = 1;
  /** Writes whose `resourceVersion` precondition did not match (answered 409). */
  readonly conflicts: string[] = [];
  /** `namespace/name` → Lease; `resourceVersion` counts up on every write, as etcd's does. */
  readonly leases = new Map<string, LeaseSnapshot>();
  private leaseVersion = 0;
  /** When set, every lease write records `lastWrite` by this clock (the API server's). */
  serverClock?: () => number;

  /** `creationTimestamp` (RFC 3339) decides which of two BusinessScalings of a target wins. */
  addScaling(
    name: string,
    spec: unknown,
    status?: ScalingStatus,
    creationTimestamp?: string,
  ): this {
    this.scalings.set(name, {
      metadata: {
        name,
        uid: `uid-${name}`,
        generation: 1,
        resourceVersion: String(this.version++),
        ...(creationTimestamp && { creationTimestamp }),
      },
      spec,
      status,
    });
    return this;
  }

  addWorkload(kind: string, namespace: string, name: string, replicas: number): this {
    this.workloads.set(`${kind}/${namespace}/${name}`, {
      spec: replicas,
      status: replicas,
      rv: this.version++,
    });
    return this;
  }

  /** Someone else writes the workload (a new resourceVersion): its status, or its replicas. */
  touchWorkload(kind: string, namespace: string, name: string, replicas?: number): this {
    const w = this.workloads.get(`${kind}/${namespace}/${name}`);
    if (w)
      Object.assign(w, { rv: this.version++ }, replicas === undefined ? {} : { spec: replicas });
    return this;
  }

  replicas(kind: string, namespace: string, name: string): number | undefined {
    return this.workloads.get(`${kind}/${namespace}/${name}`)?.spec;
  }

  /** The next call of `method` (whose target/name contains `match`, if given) fails with `status`. */
  failNext(method: Method, status: number, match?: string): this {
    this.failures.push({ method, status, match });
    return this;
  }

  private maybeFail(method: Method, subject = ''): void {
    // As the REST adapter: a write checks the run's write gate when it is sent.
    if (method === 'patchScale' || method === 'patchStatus' || method === 'createEvent') {
      try {
        checkWriteGate(`${method} ${subject}`, 0);
      } catch (e) {
        this.refusedWrites.push(`${method} ${subject}`);
        throw e;
      }
    }
    const i = this.failures.findIndex(
      (f) => f.method === method && (f.match === undefined || subject.includes(f.match)),
    );
    if (i < 0) return;
    const [f] = this.failures.splice(i, 1);
    throw new KubeApiError(f!.status, `${method} ${subject}: ${f!.status}`);
  }

  listScalings(): Promise<ScalingObject[]> {
    this.maybeFail('listScalings');
    return Promise.resolve([...this.scalings.values()].map((o) => structuredClone(o)));
  }

  getScale(ref: ScaleTargetRef): Promise<ScaleInfo> {
    this.maybeFail('getScale', key(ref));
    const w = this.workloads.get(key(ref));
    if (!w) return Promise.reject(new KubeApiError(404, `${key(ref)}/scale: 404 NotFound`));
    return Promise.resolve({
      specReplicas: w.spec,
      statusReplicas: w.status,
      resourceVersion: String(w.rv),
    });
  }

  /** Pages of `listPageSize`, by name, as the API server sends them; a page fails by `failNext`. */
  async *listScales(kind: ListedKind, namespace: string): AsyncGenerator<ListedScale[]> {
    this.workloadLists.push(`${kind}/${namespace}`);
    const prefix = `${kind}/${namespace}/`;
    const all = [...this.workloads.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, w]) => ({
        name: k.slice(prefix.length),
        specReplicas: w.spec,
        statusReplicas: w.status,
        resourceVersion: String(w.rv),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    for (let i = 0; i === 0 || i < all.length; i += this.listPageSize) {
      await Promise.resolve();
      this.maybeFail('listScales', `${kind}/${namespace}`);
      yield all.slice(i, i + this.listPageSize);
    }
  }

  /** With `resourceVersion`, as the API server: 409 when the workload changed since. */
  patchScale(ref: ScaleTargetRef, replicas: number, resourceVersion?: string): Promise<void> {
    this.maybeFail('patchScale', key(ref));
    const w = this.workloads.get(key(ref));
    if (!w) return Promise.reject(new KubeApiError(404, `${key(ref)}/scale: 404 NotFound`));
    if (resourceVersion !== undefined && resourceVersion !== String(w.rv)) {
      this.conflicts.push(key(ref));
      return Promise.reject(new KubeApiError(409, `${key(ref)}/scale: 409 Conflict`));
    }
    w.spec = replicas;
    w.status = replicas;
    w.rv = this.version++;
    this.writes.push({ op: 'patchScale', target: key(ref), replicas });
    return Promise.resolve();
  }

  getScaling(name: string): Promise<ScalingObject> {
    this.maybeFail('getScaling', name);
    const obj = this.scalings.get(name);
    if (!obj)
      return Promise.reject(new KubeApiError(404, `businessscalings/${name}: 404 NotFound`));
    return Promise.resolve(structuredClone(obj));
  }

  /** As the API server: a `resourceVersion` that is not the object's answers 409. */
  patchStatus(name: string, patch: StatusPatch, resourceVersion?: string): Promise<string> {
    this.maybeFail('patchStatus', name);
    const obj = this.scalings.get(name);
    if (!obj)
      return Promise.reject(new KubeApiError(404, `businessscalings/${name}: 404 NotFound`));
    if (resourceVersion !== undefined && resourceVersion !== obj.metadata.resourceVersion) {
      this.conflicts.push(name);
      return Promise.reject(new KubeApiError(409, `businessscalings/${name}/status: 409 Conflict`));
    }
    const merged: Record<string, unknown> = { ...obj.status };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete merged[k];
      else merged[k] = structuredClone(v);
    }
    const rv = String(this.version++);
    this.scalings.set(name, {
      ...obj,
      metadata: { ...obj.metadata, resourceVersion: rv },
      status: merged,
    });
    this.writes.push({ op: 'patchStatus', name, patch });
    return Promise.resolve(rv);
  }

  /** Someone else writes the status (bumps resourceVersion), as another run would. */
  touch(name: string, status: Partial<ScalingStatus> = {}): this {
    const obj = this.scalings.get(name);
    if (obj) {
      this.scalings.set(name, {
        ...obj,
        metadata: { ...obj.metadata, resourceVersion: String(this.version++) },
        status: { ...obj.status, ...status },
      });
    }
    return this;
  }

  createEvent(about: ScalingObject, event: EventInput): Promise<void> {
    this.maybeFail('createEvent', about.metadata.name);
    this.writes.push({ op: 'createEvent', name: about.metadata.name, event });
    return Promise.resolve();
  }

  addSecret(
    namespace: string,
    name: string,
    data: Record<string, string>,
    annotations: Record<string, string> = {},
  ): this {
    this.secrets.set(`${namespace}/${name}`, { data, annotations });
    return this;
  }

  getSecret(namespace: string, name: string): Promise<SecretData> {
    const id = `${namespace}/${name}`;
    this.secretReads.set(id, (this.secretReads.get(id) ?? 0) + 1);
    this.maybeFail('getSecret', id);
    const secret = this.secrets.get(id);
    if (!secret) return Promise.reject(new KubeApiError(404, `v1 secrets ${id}: 404 NotFound`));
    return Promise.resolve(structuredClone(secret));
  }

  /** An HPA or ScaledObject `namespace/name` scaling `target` (`Kind/name`) in its namespace. */
  addScaler(kind: ExternalScaler['kind'], id: string, target: string): this {
    const [namespace = '', name = ''] = id.split('/');
    const [targetKind = '', targetName = ''] = target.split('/');
    this.scalers.push({ kind, namespace, name, target: { kind: targetKind, name: targetName } });
    return this;
  }

  listScalers(): Promise<ExternalScaler[]> {
    this.maybeFail('listScalers');
    return Promise.resolve(structuredClone(this.scalers));
  }

  addEndpointSlice(namespace: string, service: string, slice: EndpointSliceData): this {
    const id = `${namespace}/${service}`;
    this.endpointSlices.set(id, [...(this.endpointSlices.get(id) ?? []), slice]);
    return this;
  }

  listEndpointSlices(namespace: string, service: string): Promise<EndpointSliceData[]> {
    const id = `${namespace}/${service}`;
    this.maybeFail('listEndpointSlices', id);
    return Promise.resolve(structuredClone(this.endpointSlices.get(id) ?? []));
  }

  events(name?: string): EventInput[] {
    return this.writes.flatMap((w) =>
      w.op === 'createEvent' && (name === undefined || w.name === name) ? [w.event] : [],
    );
  }

  getLease(namespace: string, name: string): Promise<LeaseSnapshot | undefined> {
    this.maybeFail('getLease', `${namespace}/${name}`);
    const lease = this.leases.get(`${namespace}/${name}`);
    return Promise.resolve(lease && structuredClone(lease));
  }

  listLeases(namespace: string): Promise<(LeaseSnapshot & { name: string })[]> {
    this.maybeFail('listLeases', namespace);
    const out: (LeaseSnapshot & { name: string })[] = [];
    for (const [id, snap] of this.leases) {
      const [ns, name] = id.split('/');
      if (ns === namespace) out.push({ ...structuredClone(snap), name: name! });
    }
    return Promise.resolve(out);
  }

  createLease(
    namespace: string,
    name: string,
    spec: LeaseSpec,
    annotations?: Annotations,
  ): Promise<LeaseSnapshot> {
    const id = `${namespace}/${name}`;
    this.maybeFail('createLease', id);
    if (this.leases.has(id))
      return Promise.reject(new KubeApiError(409, `${id}: 409 AlreadyExists`));
    return Promise.resolve(this.putLease(id, spec, annotations));
  }

  updateLease(
    namespace: string,
    name: string,
    resourceVersion: string,
    spec: LeaseSpec,
    annotations?: Annotations,
  ): Promise<LeaseSnapshot> {
    const id = `${namespace}/${name}`;
    this.maybeFail('updateLease', id);
    const lease = this.leases.get(id);
    if (!lease) return Promise.reject(new KubeApiError(404, `${id}: 404 NotFound`));
    if (lease.resourceVersion !== resourceVersion) {
      return Promise.reject(new KubeApiError(409, `${id}: 409 Conflict`));
    }
    return Promise.resolve(this.putLease(id, spec, annotations));
  }

  /** A write as any client (e.g. a hand edit): a new resourceVersion, `spec` as given. */
  putLease(id: string, spec: object, annotations?: Annotations): LeaseSnapshot {
    const snap: LeaseSnapshot = {
      resourceVersion: String(++this.leaseVersion),
      spec: structuredClone(spec) as LeaseSnapshot['spec'],
      ...(this.serverClock && { lastWrite: new Date(this.serverClock()).toISOString() }),
      ...(annotations !== undefined &&
        Object.keys(annotations).length > 0 && { annotations: { ...annotations } }),
    };
    this.leases.set(id, snap);
    return structuredClone(snap);
  }
}
