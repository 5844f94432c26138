/**
 * `http.fromServiceEndpoints` (KEDA `aggregateFromKubeServiceEndpoints`): the ready endpoints of a
 * Service from its EndpointSlices, the same request to each (url's scheme, path and query; the
 * endpoint's address and the given port), then one aggregated value. Each request is an ordinary
 * metric request: the network guard sees a pod IP like any private address (allowed only by
 * METRIC_ALLOWED_NETWORKS), and host limits, breaker and auth apply per endpoint.
 *
 * One failing endpoint does not fail the metric: the others are aggregated and the result says
 * `k/n endpoints`. Only when none answers does the metric fail. Only namespaces listed in
 * ENDPOINTS_NAMESPACES are ever listed.
 */
import { KubeApiError, type EndpointSliceData } from '../kube/port.js';
import type { HttpMetricSource, ServiceEndpoints } from '../spec/types.js';
import { aggregateValues } from './aggregate.js';
import type { MetricResult } from './types.js';

/** More ready endpoints than this: refused rather than aggregating a part of a sum. */
export const MAX_ENDPOINTS = 64;

export interface EndpointsDeps {
  readonly list: (namespace: string, service: string) => Promise<EndpointSliceData[]>;
  /** ENDPOINTS_NAMESPACES. */
  readonly namespaces: readonly string[];
}

/** The URL of each distinct ready IP endpoint, in a stable order. Pure. */
export function endpointUrls(
  slices: readonly EndpointSliceData[],
  template: string,
  port: number,
): string[] {
  const addresses = new Set<string>();
  for (const slice of slices) {
    if (slice.addressType !== 'IPv4' && slice.addressType !== 'IPv6') continue;
    for (const e of slice.endpoints) if (e.ready && e.addresses[0]) addresses.add(e.addresses[0]);
  }
  return [...addresses].sort().map((address) => {
    const url = new URL(template);
    url.hostname = address.includes(':') ? `[${address}]` : address;
    url.port = String(port);
    return url.toString();
  });
}

/** k of n answered: aggregate the k, say `k/n endpoints`; none: the first failure. Pure. */
export function aggregateEndpoints(
  results: readonly MetricResult[],
  e: ServiceEndpoints,
  where: string,
): MetricResult {
  const values = results.flatMap((r) => (r.ok ? [r.value] : []));
  const note = `${values.length}/${results.length} endpoints`;
  if (values.length === 0) {
    const first = results.find((r) => !r.ok);
    const kind = first && !first.ok ? first.kind : 'http';
    const why = first && !first.ok ? `; first: ${first.message}` : '';
    return { ok: false, kind, message: `${where}: ${note} answered${why}` };
  }
  const value = aggregateValues(values, e.aggregate);
  if (!Number.isFinite(value)) {
    return { ok: false, kind: 'parse', message: `${where}: the ${e.aggregate} is not finite` };
  }
  return { ok: true, value: value === 0 ? 0 : value, note };
}

export async function readFromEndpoints(
  source: HttpMetricSource & { fromServiceEndpoints: ServiceEndpoints },
  deps: EndpointsDeps | undefined,
  readOne: (url: string) => Promise<MetricResult>,
): Promise<MetricResult> {
  const e = source.fromServiceEndpoints;
  const where = `endpoints of ${e.namespace}/${e.service}`;
  if (!deps || !deps.namespaces.includes(e.namespace)) {
    return {
      ok: false,
      kind: 'auth',
      message: `${where}: namespace ${e.namespace} is not in ENDPOINTS_NAMESPACES`,
    };
  }
  let slices: EndpointSliceData[];
  try {
    slices = await deps.list(e.namespace, e.service);
  } catch (err) {
    const why = err instanceof KubeApiError ? err.message : 'list failed';
    return { ok: false, kind: 'http', message: `${where}: ${why}` };
  }
  const urls = endpointUrls(slices, source.url, e.port);
  if (urls.length === 0)
    return { ok: false, kind: 'http', message: `${where}: no ready endpoints` };
  if (urls.length > MAX_ENDPOINTS) {
    const message = `${where}: ${urls.length} ready endpoints, more than ${MAX_ENDPOINTS}`;
    return { ok: false, kind: 'http', message };
  }
  return aggregateEndpoints(await Promise.all(urls.map(readOne)), e, where);
}
