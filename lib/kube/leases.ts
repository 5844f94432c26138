/**
 * The LeaseLock (lib/lease/lock.ts) as REST calls: part of the one Kubernetes adapter
 * (restPort.ts spreads it into the KubePort), on the same transport and error mapping.
 */
import type { Annotations, LeaseLock, LeaseSnapshot, LeaseSpec } from '../lease/lock.js';
import { KubeApiError } from './port.js';
import type { Transport } from './http.js';

import type { Call } from './call.js';

interface LeaseObject {
  metadata?: {
    name?: string;
    resourceVersion?: string;
    managedFields?: readonly { time?: unknown }[];
    annotations?: Record<string, unknown>;
  };
  spec?: Record<string, unknown>;
}

const seg = encodeURIComponent;
const API = 'coordination.k8s.io/v1';

function toSnapshot(obj: unknown): LeaseSnapshot {
  const lease = (obj ?? {}) as LeaseObject;
  const times = (lease.metadata?.managedFields ?? [])
    .map((f) => (typeof f.time === 'string' ? f.time : ''))
    .filter((t) => Number.isFinite(Date.parse(t)));
  const lastWrite = times.sort((a, b) => Date.parse(a) - Date.parse(b)).at(-1);
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(lease.metadata?.annotations ?? {})) {
    if (typeof v === 'string') annotations[k] = v;
  }
  return {
    resourceVersion: lease.metadata?.resourceVersion ?? '',
    spec: lease.spec && typeof lease.spec === 'object' ? lease.spec : {},
    ...(lastWrite !== undefined && { lastWrite }),
    ...(Object.keys(annotations).length > 0 && { annotations }),
  };
}

export function createLeaseLock(send: Transport, call: Call): LeaseLock {
  const base = (ns: string) => `/apis/${API}/namespaces/${seg(ns)}/leases`;
  const what = (ns: string, name: string) => `${API} leases ${ns}/${name}`;
  const body = (
    ns: string,
    name: string,
    spec: LeaseSpec,
    annotations: Annotations | undefined,
    resourceVersion?: string,
  ) => ({
    apiVersion: API,
    kind: 'Lease',
    metadata: {
      name,
      namespace: ns,
      ...(resourceVersion !== undefined && { resourceVersion }),
      ...(annotations !== undefined && Object.keys(annotations).length > 0 && { annotations }),
    },
    spec,
  });
  return {
    async getLease(ns, name) {
      try {
        const obj = await call('GET', what(ns, name), () =>
          send('GET', `${base(ns)}/${seg(name)}`),
        );
        return toSnapshot(obj);
      } catch (e) {
        if (e instanceof KubeApiError && e.status === 404) return undefined;
        throw e;
      }
    },
    async listLeases(ns) {
      const list = await call('LIST', `${API} leases in ${ns}`, () => send('GET', base(ns)));
      const items = ((list ?? {}) as { items?: unknown[] }).items ?? [];
      return items.map((item) => ({
        ...toSnapshot(item),
        name: (item as LeaseObject).metadata?.name ?? '',
      }));
    },
    async createLease(ns, name, spec, annotations) {
      const obj = await call('POST', what(ns, name), () =>
        send('POST', base(ns), body(ns, name, spec, annotations)),
      );
      return toSnapshot(obj);
    },
    async updateLease(ns, name, resourceVersion, spec, annotations) {
      // PUT with metadata.resourceVersion: the API server answers 409 if it moved on.
      const obj = await call('PUT', what(ns, name), () =>
        send('PUT', `${base(ns)}/${seg(name)}`, body(ns, name, spec, annotations, resourceVersion)),
      );
      return toSnapshot(obj);
    },
  };
}
