/**
 * EndpointSlices of a Service over REST: `discovery.k8s.io/v1` (1.21+), falling back to
 * `v1beta1` (1.17–1.24) when v1 answers 404; the version that worked is remembered (calls that
 * start before it is known each find it the same way). Both have
 * the same fields we read (`addressType`, `ports`, `endpoints[].addresses`,
 * `endpoints[].conditions.ready`). One page of 500 slices (a Service has one slice per 100
 * endpoints by default).
 */
import { KubeApiError, type EndpointSliceData } from './port.js';

const VERSIONS = ['v1', 'v1beta1'] as const;
type Version = (typeof VERSIONS)[number];

interface WireSlice {
  addressType?: string;
  ports?: { name?: string; port?: number }[] | null;
  endpoints?: { addresses?: string[]; conditions?: { ready?: boolean | null } }[] | null;
}

export type ListSlices = (version: Version, namespace: string, query: string) => Promise<unknown>;

export function toSliceData(item: WireSlice): EndpointSliceData {
  return {
    addressType: item.addressType ?? '',
    ports: (item.ports ?? []).map((p) => ({
      ...(typeof p.name === 'string' && { name: p.name }),
      ...(typeof p.port === 'number' && { port: p.port }),
    })),
    endpoints: (item.endpoints ?? []).map((e) => ({
      addresses: (e.addresses ?? []).filter((a): a is string => typeof a === 'string'),
      ready: e.conditions?.ready !== false,
    })),
  };
}

export function createEndpointSliceLister(list: ListSlices) {
  let served: Version | undefined;
  return async (namespace: string, service: string): Promise<EndpointSliceData[]> => {
    const query = `?limit=500&labelSelector=${encodeURIComponent(`kubernetes.io/service-name=${service}`)}`;
    for (const version of served ? [served] : VERSIONS) {
      try {
        const page = (await list(version, namespace, query)) as { items?: WireSlice[] };
        served = version;
        return (page.items ?? []).map(toSliceData);
      } catch (err) {
        // A 404 of a version not known to work: try the next. Calls of a cold process run
        // at once, so another call may have found v1beta1 while this one waited for v1's 404.
        const notServed = err instanceof KubeApiError && err.status === 404 && served !== version;
        if (!notServed || version === 'v1beta1') throw err;
      }
    }
    throw new KubeApiError(404, 'discovery.k8s.io EndpointSlices are not served');
  };
}
