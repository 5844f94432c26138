/**
 * The KubePort as plain REST calls over a `Transport` (lib/kube/client.ts builds it from a
 * kubeconfig with one shared keep-alive pool). Every failure becomes a `KubeApiError` whose
 * message names the request, never its body or credentials.
 */
import { STATUS_CODES } from 'node:http';
import os from 'node:os';
import { GROUP, KIND, PLURAL, VERSION, type ScaleTargetRef } from '../spec/types.js';
import {
  KubeApiError,
  type EventInput,
  type KubePort,
  type ScaleInfo,
  type ScalingObject,
  type SecretData,
  type StatusPatch,
} from './port.js';
import { createEndpointSliceLister } from './endpointSlices.js';
import { createLeaseLock } from './leases.js';
import { listScalePages, toScaleInfo } from './listScales.js';
import { DEFAULT_RETRY, withRetries, type RetryPolicy } from './retry.js';
import { createScalerLister } from './scalers.js';

/**
 * One API request: JSON in, parsed JSON out; a status >= 400 rejects with `HttpStatusError`.
 * `accept` replaces `application/json` (e.g. `METADATA_ONLY`).
 */
export type Transport = (
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  path: string,
  body?: unknown,
  contentType?: string,
  accept?: string,
) => Promise<unknown>;

/**
 * Asks for the written object's metadata only (the API server's PartialObjectMetadata; served
 * since 1.15, plain JSON where not): a `/status` patch or an event then answers with a few
 * hundred bytes instead of the whole object, less for the server to encode and for us to parse.
 */
export const METADATA_ONLY =
  'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';

/** An API server answer >= 400. `body` is kept only to read the Status `reason`. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    /** The `Retry-After` header of a 429/503, as sent. */
    readonly retryAfter?: string,
  ) {
    super(`HTTP ${status}`);
    this.name = 'HttpStatusError';
  }
}

/** Requests sent, by verb (GET, LIST, PATCH, POST, PUT); incremented before each request. */
export interface RequestCounters {
  readonly byVerb: Record<string, number>;
}

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

interface APIResourceList {
  readonly resources: readonly { name: string; kind: string; namespaced: boolean }[];
}

const seg = encodeURIComponent;
const pageQuery = (limit: number, cont?: string) =>
  `?limit=${limit}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`;

const BUILTIN_PLURALS: Readonly<Record<string, string>> = {
  'apps/v1/Deployment': 'deployments',
  'apps/v1/StatefulSet': 'statefulsets',
  'apps/v1/ReplicaSet': 'replicasets',
};

const MERGE_PATCH = 'application/merge-patch+json';

export function createRestPort(send: Transport, opts: KubePortOptions = {}): KubePort {
  const eventsNamespace = opts.eventsNamespace ?? 'default';
  const reporter = opts.reporter ?? 'business-scaler';
  const reportingInstance = `${reporter}-${os.hostname()}`.slice(0, 128);
  const plurals = new Map(Object.entries(BUILTIN_PLURALS));
  const limit = opts.pageSize ?? 500;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry };

  async function call<T>(verb: string, what: string, fn: () => Promise<T>): Promise<T> {
    const send = async () => {
      if (opts.counters) opts.counters.byVerb[verb] = (opts.counters.byVerb[verb] ?? 0) + 1;
      return await fn();
    };
    const once = () =>
      send().catch(async (e: unknown) => {
        const unauthorized = e instanceof HttpStatusError && e.status === 401;
        if (!unauthorized || !opts.onUnauthorized) throw e;
        if (!(await opts.onUnauthorized().catch(() => false))) throw e;
        return await send();
      });
    try {
      // Only writes are retried here: a failed read fails its resource and the next run reads again.
      return await (verb === 'PATCH' || verb === 'POST' ? withRetries(once, retry) : once());
    } catch (e) {
      throw toKubeApiError(`${verb} ${what}`, e);
    }
  }

  /** `apps/v1` + `Deployment` → `deployments`, by discovery, checking for `<plural>/scale`. */
  async function pluralOf(
    ref: ScaleTargetRef,
  ): Promise<{ group: string; version: string; plural: string }> {
    const [group, version, extra] = ref.apiVersion.split('/');
    const id = `${ref.kind}.${ref.apiVersion}`;
    if (!group || !version || extra !== undefined) {
      throw new KubeApiError(404, `${id}: only named API groups (group/version) can be scaled`);
    }
    const key = `${ref.apiVersion}/${ref.kind}`;
    const known = plurals.get(key);
    if (known) return { group, version, plural: known };
    const list = await call('GET', `${ref.apiVersion} (discovery)`, () =>
      discover(group, version),
    ).catch((e: unknown) => {
      if (e instanceof KubeApiError && e.status === 404) {
        throw new KubeApiError(
          404,
          `${id} has no /scale subresource (${ref.apiVersion} is not served)`,
        );
      }
      throw e;
    });
    const resource = list.resources.find((r) => r.kind === ref.kind && !r.name.includes('/'));
    if (!resource) throw new KubeApiError(404, `${id} has no /scale subresource (unknown kind)`);
    if (!list.resources.some((r) => r.name === `${resource.name}/scale`)) {
      throw new KubeApiError(404, `${id} has no /scale subresource`);
    }
    if (!resource.namespaced) throw new KubeApiError(404, `${id} is not namespaced`);
    plurals.set(key, resource.name);
    return { group, version, plural: resource.name };
  }

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

  const discover = (group: string, version: string) =>
    send('GET', `/apis/${group}/${version}`) as Promise<APIResourceList>;

  const scalePath = (ref: ScaleTargetRef, plural: string) =>
    `${ref.apiVersion} ${plural} ${ref.namespace}/${ref.name}/scale`;

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
    ...createLeaseLock(send, call),

    async listScalings() {
      const items: ScalingObject[] = [];
      for await (const page of listScalingPages()) items.push(...page);
      return items;
    },

    listScalingPages,

    async getScale(ref): Promise<ScaleInfo> {
      const { group, version, plural } = await pluralOf(ref);
      const { name, namespace } = ref;
      const url = `/apis/${group}/${version}/namespaces/${seg(namespace)}/${plural}/${seg(name)}/scale`;
      return toScaleInfo(await call('GET', scalePath(ref, plural), () => send('GET', url)));
    },

    listScales: (kind, namespace) =>
      listScalePages(kind, (api, cont) => {
        const path = `/apis/apps/v1/namespaces/${seg(namespace)}/${api}${pageQuery(limit, cont)}`;
        return call('LIST', `apps/v1 ${api} ${namespace}`, () => send('GET', path));
      }),

    // `metadata.resourceVersion` in a merge patch is a precondition: 409 Conflict on mismatch.
    async patchScale(ref, replicas, resourceVersion?: string) {
      const { group, version, plural } = await pluralOf(ref);
      const { name, namespace } = ref;
      const url = `/apis/${group}/${version}/namespaces/${seg(namespace)}/${plural}/${seg(name)}/scale`;
      const spec = { replicas };
      const body =
        resourceVersion === undefined ? { spec } : { metadata: { resourceVersion }, spec };
      await call('PATCH', scalePath(ref, plural), () => send('PATCH', url, body, MERGE_PATCH));
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

    // No `eventTime`: with it, v1.20+ validation wants events about cluster-scoped objects in
    // kube-system; client-go's recorder also omits it and files them under `default`.
    async createEvent(about, event: EventInput) {
      const now = new Date();
      const { name, uid, resourceVersion } = about.metadata;
      const body = {
        metadata: { generateName: `${name}.`, namespace: eventsNamespace },
        involvedObject: {
          apiVersion: `${GROUP}/${VERSION}`,
          kind: KIND,
          name,
          uid,
          resourceVersion,
        },
        reason: event.reason,
        message: event.message,
        type: event.type,
        source: { component: reporter },
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
        reportingComponent: reporter,
        reportingInstance,
      };
      await call('POST', `v1 events ${eventsNamespace}`, () =>
        send(
          'POST',
          `/api/v1/namespaces/${seg(eventsNamespace)}/events`,
          body,
          undefined,
          METADATA_ONLY,
        ),
      );
    },
  };
}

/** A safe message: the request, the status and the API `reason`; for network errors the code. */
function toKubeApiError(request: string, e: unknown): KubeApiError {
  if (e instanceof KubeApiError) return e;
  if (e instanceof HttpStatusError) {
    const status = e.status;
    const reason = reasonOf(e.body) ?? STATUS_CODES[status] ?? 'error';
    return new KubeApiError(status, `${request}: ${status} ${reason}`);
  }
  const err = e as {
    name?: unknown;
    code?: unknown;
    server?: unknown;
    cause?: { code?: unknown; name?: unknown };
  };
  const at = typeof err?.server === 'string' ? ` (API server ${err.server})` : '';
  if (err?.name === 'TimeoutError' || err?.cause?.name === 'TimeoutError') {
    return new KubeApiError(0, `${request}: timed out${at}`);
  }
  const code = [err?.cause?.code, err?.code, err?.cause?.name, err?.name].find(
    (c) => typeof c === 'string',
  );
  return new KubeApiError(0, `${request}: network error ${String(code ?? 'unknown')}${at}`);
}

function reasonOf(body: unknown): string | undefined {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const reason = (parsed as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' && /^[A-Za-z]{1,64}$/.test(reason) ? reason : undefined;
}
