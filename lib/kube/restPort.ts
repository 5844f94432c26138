/**
 * The KubePort as plain REST calls over a `Transport` (lib/kube/client.ts builds it from a
 * kubeconfig with one shared keep-alive pool). Every failure becomes a `KubeApiError` whose
 * message names the request, never its body or credentials (call.ts).
 */
import os from 'node:os';
import { GROUP, PLURAL, VERSION, type ScaleTargetRef } from '../spec/types.js';
import {
  assertReplicas,
  type KubePort,
  type ScaleInfo,
  type ScalingObject,
  type SecretData,
  type StatusPatch,
} from './port.js';
import { createCall } from './call.js';
import { createPluralOf, discoverWith } from './discovery.js';
import { createEndpointSliceLister } from './endpointSlices.js';
import { toEventBody } from './eventBody.js';
import {
  MERGE_PATCH,
  METADATA_ONLY,
  pageQuery,
  seg,
  type RequestCounters,
  type Transport,
} from './http.js';
import { createLeaseLock } from './leases.js';
import { listScalePages, toScaleInfo } from './listScales.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import { createScalerLister } from './scalers.js';

export { HttpStatusError, METADATA_ONLY, type RequestCounters, type Transport } from './http.js';

export interface KubePortOptions {
  /** Namespace of Events about (cluster-scoped) BusinessScalings. Default `default`. */
  readonly eventsNamespace?: string;
  /** Event `source.component` / `reportingComponent`. Default `business-scaler`. */
  readonly reporter?: string;
  readonly counters?: RequestCounters;
  /** `limit` of each LIST page. Default 500. */
  readonly pageSize?: number;
  /** Per-request timeout. Default 10 s (`KUBE_TIMEOUT_MS`). */
  readonly timeoutMs?: number;
  /**
   * Called once when a request gets 401 (e.g. to refresh a bearer token); when it resolves
   * true the request is sent once more. A second 401 is the caller's error.
   */
  readonly onUnauthorized?: () => Promise<boolean>;
  /** Retries of writes (PATCH, POST) on 429/5xx/resets; lib/kube/retry.ts has the defaults. */
  readonly retry?: Partial<RetryPolicy>;
}

export function createRestPort(send: Transport, opts: KubePortOptions = {}): KubePort {
  const reporter = opts.reporter ?? 'business-scaler';
  const events = {
    namespace: opts.eventsNamespace ?? 'default',
    reporter,
    reportingInstance: `${reporter}-${os.hostname()}`.slice(0, 128),
  };
  const limit = opts.pageSize ?? 500;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry };
  const shared = { retry, counters: opts.counters, onUnauthorized: opts.onUnauthorized };
  const call = createCall({ ...shared, gated: true });
  const discover = discoverWith(send);
  const pluralOf = createPluralOf(call, discover);

  const listScalers = createScalerLister({
    listPage: (api, cont) =>
      call('LIST', `${api.group}/${api.version} ${api.plural}`, () =>
        send('GET', `/apis/${api.group}/${api.version}/${api.plural}${pageQuery(limit, cont)}`),
      ),
    discover: (group, version) =>
      call('GET', `${group}/${version} (discovery)`, () => discover(group, version)),
  });

  const listEndpointSlices = createEndpointSliceLister((version, namespace, query) =>
    call('LIST', `discovery.k8s.io/${version} endpointslices ${namespace}`, () =>
      send(
        'GET',
        `/apis/discovery.k8s.io/${version}/namespaces/${seg(namespace)}/endpointslices${query}`,
      ),
    ),
  );

  async function scaleUrl(ref: ScaleTargetRef) {
    const { group, version, plural } = await pluralOf(ref);
    const { name, namespace } = ref;
    const url = `/apis/${group}/${version}/namespaces/${seg(namespace)}/${plural}/${seg(name)}/scale`;
    return { url, what: `${ref.apiVersion} ${plural} ${namespace}/${name}/scale` };
  }

  async function* listScalingPages(): AsyncGenerator<ScalingObject[]> {
    let cont: string | undefined;
    do {
      const page = (await call('LIST', `${GROUP}/${VERSION} ${PLURAL}`, () =>
        send('GET', `/apis/${GROUP}/${VERSION}/${PLURAL}${pageQuery(limit, cont)}`),
      )) as { items?: ScalingObject[]; metadata?: { _continue?: string; continue?: string } };
      cont = page.metadata?.continue || page.metadata?._continue || undefined;
      yield page.items ?? [];
    } while (cont);
  }

  return {
    // The Lease's own requests are governed by the elector, not by the run's write gate.
    ...createLeaseLock(send, createCall({ ...shared, gated: false })),

    async listScalings() {
      const items: ScalingObject[] = [];
      for await (const page of listScalingPages()) items.push(...page);
      return items;
    },

    listScalingPages,

    async getScale(ref): Promise<ScaleInfo> {
      const { url, what } = await scaleUrl(ref);
      return toScaleInfo(await call('GET', what, () => send('GET', url)));
    },

    listScales: (kind, namespace) =>
      listScalePages(kind, (api, cont) => {
        const path = `/apis/apps/v1/namespaces/${seg(namespace)}/${api}${pageQuery(limit, cont)}`;
        return call('LIST', `apps/v1 ${api} ${namespace}`, () => send('GET', path));
      }),

    // `metadata.resourceVersion` in a merge patch is a precondition: 409 Conflict on mismatch.
    async patchScale(ref, replicas, resourceVersion?: string) {
      assertReplicas(ref, replicas);
      const { url, what } = await scaleUrl(ref);
      const spec = { replicas };
      const body =
        resourceVersion === undefined ? { spec } : { metadata: { resourceVersion }, spec };
      await call('PATCH', what, () => send('PATCH', url, body, MERGE_PATCH));
    },

    async getScaling(name) {
      const url = `/apis/${GROUP}/${VERSION}/${PLURAL}/${seg(name)}`;
      const obj = await call('GET', `${GROUP}/${VERSION} ${PLURAL} ${name}`, () =>
        send('GET', url),
      );
      return obj as Awaited<ReturnType<KubePort['getScaling']>>;
    },

    // `metadata.resourceVersion` in a merge patch is a precondition: 409 Conflict on mismatch.
    async patchStatus(name, status: StatusPatch, resourceVersion?: string) {
      const url = `/apis/${GROUP}/${VERSION}/${PLURAL}/${seg(name)}/status`;
      const body =
        resourceVersion === undefined ? { status } : { metadata: { resourceVersion }, status };
      const res = (await call('PATCH', `${GROUP}/${VERSION} ${PLURAL} ${name}/status`, () =>
        send('PATCH', url, body, MERGE_PATCH, METADATA_ONLY),
      )) as { metadata?: { resourceVersion?: unknown } } | undefined;
      const rv = res?.metadata?.resourceVersion;
      return typeof rv === 'string' ? rv : undefined;
    },

    async getSecret(namespace: string, name: string): Promise<SecretData> {
      const secret = (await call('GET', `v1 secrets ${namespace}/${name}`, () =>
        send('GET', `/api/v1/namespaces/${seg(namespace)}/secrets/${seg(name)}`),
      )) as { data?: Record<string, string>; metadata?: { annotations?: Record<string, string> } };
      const data: Record<string, string> = {};
      for (const [key, value] of Object.entries(secret.data ?? {})) {
        data[key] = Buffer.from(value, 'base64').toString('utf8');
      }
      return { annotations: { ...secret.metadata?.annotations }, data };
    },

    listScalers,
    listEndpointSlices,

    async createEvent(about, event) {
      const path = `/api/v1/namespaces/${seg(events.namespace)}/events`;
      await call('POST', `v1 events ${events.namespace}`, () =>
        send('POST', path, toEventBody(events, about, event), undefined, METADATA_ONLY),
      );
    },
  };
}
