/**
 * The KubePort on @kubernetes/client-node: the only module in lib/ that imports it.
 * Every call shares one keep-alive connection pool (see `shareConnections`), every failure
 * becomes a `KubeApiError` whose message names the request, never its body or credentials.
 */
import { createHash } from 'node:crypto';
import { STATUS_CODES, type OutgoingHttpHeaders } from 'node:http';
import os from 'node:os';
import {
  ApiException,
  CoreV1Api,
  createConfiguration,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  ServerConfiguration,
  setHeaderOptions,
  type Cluster,
  type User,
  type V1APIResourceList,
} from '@kubernetes/client-node';
import { GROUP, KIND, PLURAL, VERSION, type ScaleTargetRef } from '../spec/types.js';
import {
  KubeApiError,
  type EventInput,
  type KubePort,
  type ScaleInfo,
  type SecretData,
  type StatusPatch,
} from './port.js';
import { createScalerLister } from './scalers.js';

export type { KubeConfig };

/** Requests sent, by verb (GET, LIST, PATCH, POST); incremented before each request. */
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
  /** Per-request timeout. Default 30 s. */
  readonly timeoutMs?: number;
  /**
   * Called once when a request gets 401 (e.g. to refresh a bearer token); when it resolves
   * true the request is sent once more. A second 401 is the caller's error.
   */
  readonly onUnauthorized?: () => Promise<boolean>;
}

/** Where a token-authenticated cluster is: `https://…` and the base64 PEM of its CA. */
export interface ClusterEndpoint {
  readonly name: string;
  readonly server: string;
  readonly caData: string;
}

const TOKEN_PROVIDER = 'business-scaler-bearer';

/**
 * A KubeConfig whose bearer token comes from `getToken()` on every request, through a
 * client-node Authenticator (so a rotated token is picked up without rebuilding anything).
 */
export function createTokenKubeConfig(
  endpoint: ClusterEndpoint,
  getToken: () => Promise<string>,
): KubeConfig {
  const kc = new KubeConfig();
  const authenticator = {
    isAuthProvider: (user: User) =>
      (user.authProvider as { name?: unknown } | undefined)?.name === TOKEN_PROVIDER,
    applyAuthentication: async (_user: User, opts: { headers?: OutgoingHttpHeaders }) => {
      const token = await getToken();
      opts.headers = { ...opts.headers, Authorization: `Bearer ${token}` };
    },
  };
  kc.addAuthenticator(authenticator);
  const { name, server, caData } = endpoint;
  kc.loadFromOptions({
    clusters: [{ name, server, caData, skipTLSVerify: false }],
    users: [{ name: 'token', authProvider: { name: TOKEN_PROVIDER, config: {} } }],
    contexts: [{ name, cluster: name, user: 'token' }],
    currentContext: name,
  });
  return kc;
}

/** Explicit file, else `KUBECONFIG` / `~/.kube/config` / in-cluster service account. */
export function loadKubeConfig(opts: { kubeconfig?: string; context?: string } = {}): KubeConfig {
  const kc = new KubeConfig();
  if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
  else kc.loadFromDefault();
  if (opts.context) {
    const names = kc.getContexts().map((c) => c.name);
    if (!names.includes(opts.context)) {
      throw new Error(`kubeconfig has no context "${opts.context}" (has: ${names.join(', ')})`);
    }
    kc.setCurrentContext(opts.context);
  }
  const cluster = kc.getCurrentCluster();
  // loadFromDefault falls back to this placeholder when it finds nothing at all.
  if (!cluster || (cluster.name === 'cluster' && cluster.server === 'http://localhost:8080')) {
    throw new Error(
      'No Kubernetes cluster configured: pass a kubeconfig, set KUBECONFIG, or run in a pod with a service account',
    );
  }
  return kc;
}

type DispatcherFactory = (cluster: Cluster | null, agentOptions: object) => unknown;
const shared = new WeakSet<KubeConfig>();

/**
 * client-node 2.0.1 builds a new undici Agent in `KubeConfig.createDispatcher` for every
 * request (so every request opens a new TLS connection). This memoises it per fingerprint of
 * the TLS/proxy options it is built from (`createDispatcherOptions`, public), so all requests
 * share one keep-alive pool; a new CA/client cert (e.g. rotated by an exec plugin) gets a new
 * pool and the old one is closed once idle. `createDispatcher` is private in the typings,
 * hence the cast; if a client-node upgrade renames it, this throws instead of silently
 * doing nothing. Idempotent.
 */
export function shareConnections(kc: KubeConfig): KubeConfig {
  if (shared.has(kc)) return kc;
  const target = kc as unknown as { createDispatcher?: DispatcherFactory };
  const original = target.createDispatcher;
  if (typeof original !== 'function' || typeof kc.createDispatcherOptions !== 'function') {
    throw new Error('@kubernetes/client-node: KubeConfig.createDispatcher not found (upgrade?)');
  }
  let memo: { key: string; dispatcher: unknown } | undefined;
  target.createDispatcher = (cluster, agentOptions) => {
    const options = kc.createDispatcherOptions(cluster, agentOptions);
    const key = createHash('sha256').update(JSON.stringify(options)).digest('hex');
    if (memo?.key !== key) {
      const previous = memo?.dispatcher as { close?: () => Promise<void> } | undefined;
      memo = { key, dispatcher: original.call(kc, cluster, agentOptions) };
      previous?.close?.().catch(() => undefined);
    }
    return memo.dispatcher;
  };
  shared.add(kc);
  return kc;
}

const BUILTIN_PLURALS: Readonly<Record<string, string>> = {
  'apps/v1/Deployment': 'deployments',
  'apps/v1/StatefulSet': 'statefulsets',
  'apps/v1/ReplicaSet': 'replicasets',
};

const mergePatch = () => setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export function createKubePort(kc: KubeConfig, opts: KubePortOptions = {}): KubePort {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  shareConnections(kc);
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const config = createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: kc },
    promiseMiddleware: [
      {
        pre: (ctx) => {
          ctx.setHeaderParam('User-Agent', 'business-scaler');
          ctx.setSignal(AbortSignal.timeout(timeoutMs));
          return Promise.resolve(ctx);
        },
        post: (rsp) => Promise.resolve(rsp),
      },
    ],
  });
  const custom = new CustomObjectsApi(config);
  const core = new CoreV1Api(config);
  const eventsNamespace = opts.eventsNamespace ?? 'default';
  const reporter = opts.reporter ?? 'business-scaler';
  const plurals = new Map(Object.entries(BUILTIN_PLURALS));

  async function call<T>(verb: string, what: string, fn: () => Promise<T>): Promise<T> {
    const send = async () => {
      if (opts.counters) opts.counters.byVerb[verb] = (opts.counters.byVerb[verb] ?? 0) + 1;
      return await fn();
    };
    try {
      return await send().catch(async (e: unknown) => {
        const unauthorized = e instanceof ApiException && Number(e.code) === 401;
        if (!unauthorized || !opts.onUnauthorized) throw e;
        if (!(await opts.onUnauthorized().catch(() => false))) throw e;
        return await send();
      });
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
    const list: V1APIResourceList = await call('GET', `${ref.apiVersion} (discovery)`, () =>
      custom.getAPIResources({ group, version }),
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
        custom.listClusterCustomObject({ ...api, limit: opts.pageSize ?? 500, _continue: cont }),
      ),
    discover: (group, version) =>
      call('GET', `${group}/${version} (discovery)`, () =>
        custom.getAPIResources({ group, version }),
      ),
  });

  const scalePath = (ref: ScaleTargetRef, plural: string) =>
    `${ref.apiVersion} ${plural} ${ref.namespace}/${ref.name}/scale`;

  return {
    async listScalings() {
      const items: unknown[] = [];
      let cont: string | undefined;
      do {
        const page = (await call('LIST', `${GROUP}/${VERSION} ${PLURAL}`, () =>
          custom.listClusterCustomObject({
            group: GROUP,
            version: VERSION,
            plural: PLURAL,
            limit: opts.pageSize ?? 500,
            _continue: cont,
          }),
        )) as { items?: unknown[]; metadata?: { _continue?: string; continue?: string } };
        items.push(...(page.items ?? []));
        cont = page.metadata?.continue || page.metadata?._continue || undefined;
      } while (cont);
      return items as Awaited<ReturnType<KubePort['listScalings']>>;
    },

    async getScale(ref): Promise<ScaleInfo> {
      const { group, version, plural } = await pluralOf(ref);
      const { name, namespace } = ref;
      const scale = (await call('GET', scalePath(ref, plural), () =>
        custom.getNamespacedCustomObjectScale({ group, version, namespace, plural, name }),
      )) as { spec?: { replicas?: number }; status?: { replicas?: number } };
      return {
        specReplicas: scale.spec?.replicas ?? 0,
        statusReplicas: scale.status?.replicas ?? 0,
      };
    },

    async patchScale(ref, replicas) {
      const { group, version, plural } = await pluralOf(ref);
      const { name, namespace } = ref;
      const body = { spec: { replicas } };
      await call('PATCH', scalePath(ref, plural), () =>
        custom.patchNamespacedCustomObjectScale(
          { group, version, namespace, plural, name, body },
          mergePatch(),
        ),
      );
    },

    async patchStatus(name, status: StatusPatch) {
      await call('PATCH', `${GROUP}/${VERSION} ${PLURAL} ${name}/status`, () =>
        custom.patchClusterCustomObjectStatus(
          { group: GROUP, version: VERSION, plural: PLURAL, name, body: { status } },
          mergePatch(),
        ),
      );
    },

    async getSecret(namespace: string, name: string): Promise<SecretData> {
      const secret = await call('GET', `v1 secrets ${namespace}/${name}`, () =>
        core.readNamespacedSecret({ namespace, name }),
      );
      const data: Record<string, string> = {};
      for (const [key, value] of Object.entries(secret.data ?? {})) {
        data[key] = Buffer.from(value, 'base64').toString('utf8');
      }
      return { annotations: { ...secret.metadata?.annotations }, data };
    },

    listScalers,

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
        reportingInstance: `${reporter}-${os.hostname()}`.slice(0, 128),
      };
      await call('POST', `v1 events ${eventsNamespace}`, () =>
        core.createNamespacedEvent({ namespace: eventsNamespace, body }),
      );
    },
  };
}

/** A safe message: the request, the status and the API `reason`; for network errors the code. */
function toKubeApiError(request: string, e: unknown): KubeApiError {
  if (e instanceof KubeApiError) return e;
  if (e instanceof ApiException) {
    const status = Number(e.code);
    const reason = reasonOf(e.body) ?? STATUS_CODES[status] ?? 'error';
    return new KubeApiError(status, `${request}: ${status} ${reason}`);
  }
  const err = e as { name?: unknown; code?: unknown; cause?: { code?: unknown; name?: unknown } };
  if (err?.name === 'TimeoutError' || err?.cause?.name === 'TimeoutError') {
    return new KubeApiError(0, `${request}: timed out`);
  }
  const code = [err?.cause?.code, err?.code, err?.cause?.name, err?.name].find(
    (c) => typeof c === 'string',
  );
  return new KubeApiError(0, `${request}: network error ${String(code ?? 'unknown')}`);
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
