/**
 * The KubePort on @kubernetes/client-node: the only module in lib/ that imports it.
 * Every call shares one keep-alive connection pool (see `shareConnections`), every failure
 * becomes a `KubeApiError` whose message names the request, never its body or credentials.
 */
import { createHash } from 'node:crypto';
import { KubeConfig, type Cluster } from '@kubernetes/client-node';
import { Agent, type Dispatcher } from 'undici';
import type { KubePort } from './port.js';
import { createRestPort, type Transport } from './restPort.js';
import {
  API_POOL,
  createHttpTransport,
  type CredentialSource,
  type Credentials,
} from './transport.js';

export type { KubeConfig };

export type { RequestCounters, KubePortOptions } from './restPort.js';
export type { ClusterEndpoint } from './transport.js';
import type { KubePortOptions } from './restPort.js';

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

/**
 * A digest of the dispatcher options, fed field by field: JSON.stringify would expand every
 * CA/cert/key Buffer into an array of numbers on every request.
 */
function fingerprint(options: unknown): string {
  const hash = createHash('sha256');
  const feed = (value: unknown, path: string): void => {
    if (Buffer.isBuffer(value) || value instanceof Uint8Array)
      hash.update(`${path}=`).update(value);
    else if (Array.isArray(value)) value.forEach((v, i) => feed(v, `${path}[${i}]`));
    else if (value !== null && typeof value === 'object') {
      for (const k of Object.keys(value).sort())
        feed((value as Record<string, unknown>)[k], `${path}.${k}`);
    } else hash.update(`${path}=${String(value)};`);
  };
  feed(options, '');
  return hash.digest('hex');
}

/**
 * undici 8 offers HTTP/2 to the API server by default. Over one long-lived h2 session the
 * reconciler's RSS grew run after run while its V8 heap stayed flat (bench:soak: 207 → 333 MB
 * in 10 runs); HTTP/1.1 keep-alive connections, which client-go also uses for most calls,
 * do not grow.
 */
export const H1_ONLY = { allowH2: false } as const;

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
    const key = fingerprint(options);
    if (memo?.key !== key) {
      const previous = memo?.dispatcher as { close?: () => Promise<void> } | undefined;
      // HTTP/1.1 keep-alive on the plain path (H1_ONLY, API_POOL); proxies as client-node makes them.
      const plain = (options as { type?: string; connect?: object }).type === 'agent';
      const dispatcher = plain
        ? new Agent({ ...API_POOL, ...H1_ONLY, connect: (options as { connect?: object }).connect })
        : original.call(kc, cluster, agentOptions);
      memo = { key, dispatcher };
      previous?.close?.().catch(() => undefined);
    }
    return memo.dispatcher;
  };
  shared.add(kc);
  return kc;
}

/** The fields of client-node's RequestContext that `applySecurityAuthentication` sets. */
interface AuthContext {
  headers: Record<string, string>;
  dispatcher?: Dispatcher;
  setHeaderParam(key: string, value: string): void;
  setDispatcher(dispatcher: Dispatcher): void;
}

/**
 * How long one `applySecurityAuthentication` result (headers + dispatcher) serves requests.
 * Asking client-node for every request cost ~0.3 ms of CPU each (it re-reads the CA and rebuilds
 * the TLS options); what it wraps refreshes on its own schedule anyway (exec plugins at expiry,
 * token files re-read), and a 401 drops the reused result at once.
 */
export const AUTH_REUSE_MS = 5_000;

/** The kubeconfig's credentials, asked of client-node at most every `AUTH_REUSE_MS`. */
export function kubeconfigCredentials(
  kc: Pick<KubeConfig, 'applySecurityAuthentication'>,
  now = () => performance.now(),
): CredentialSource {
  let last: { at: number; pending: Promise<Credentials>; value?: Credentials } | undefined;
  const ask = async (): Promise<Credentials> => {
    const ctx: AuthContext = {
      headers: {},
      setHeaderParam(key, value) {
        this.headers[key.toLowerCase()] = value;
      },
      setDispatcher(dispatcher) {
        this.dispatcher = dispatcher;
      },
    };
    await kc.applySecurityAuthentication(
      ctx as unknown as Parameters<KubeConfig['applySecurityAuthentication']>[0],
    );
    return { headers: ctx.headers, ...(ctx.dispatcher && { dispatcher: ctx.dispatcher }) };
  };
  return {
    get() {
      const at = now();
      if (last && at - last.at < AUTH_REUSE_MS) return last.pending;
      const entry: NonNullable<typeof last> = { at, pending: ask() };
      last = entry;
      entry.pending.then(
        (value) => (entry.value = value),
        () => {
          if (last === entry) last = undefined; // a failed lookup is not reused
        },
      );
      return entry.pending;
    },
    rejected(used) {
      if (last?.value === used) last = undefined;
    },
  };
}

/**
 * Requests straight on undici (lib/kube/transport.ts) with the kubeconfig's credentials and the
 * shared pool: client-node's generated API layer (ObjectSerializer, its fetch and rxjs stub)
 * cost more client CPU per call than the API server spent answering (measured on the bench).
 * Credentials still come from client-node, so exec plugins, token files and OIDC keep working.
 */
export function createTransport(kc: KubeConfig, timeoutMs: number): Transport {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  shareConnections(kc);
  return createHttpTransport(cluster.server, timeoutMs, kubeconfigCredentials(kc));
}

/**
 * A request answered 401 is sent once more: the 401 dropped the reused credentials, so the
 * retry asks client-node again, which by then has refreshed an expired exec-plugin token.
 */
export function createKubePort(kc: KubeConfig, opts: KubePortOptions = {}): KubePort {
  const transport = createTransport(kc, opts.timeoutMs ?? 10_000);
  return createRestPort(transport, { onUnauthorized: () => Promise.resolve(true), ...opts });
}
