/**
 * A KubePort for an AKS cluster reached with an Entra ID token (managed identity): the API
 * server and CA from `AKS_SERVER` + `AKS_CA_DATA` or from ARM `listClusterUserCredential`, the
 * token from a TokenCredential for the AKS server scope, sent on every request over one pool
 * trusting the cluster CA (refreshed before expiry, and once after a 401); no client-node.
 * Connecting is lazy and cached per instance; a failed connect, or a network error on an
 * ARM-resolved cluster (moved? new CA?), is retried on the next run (only a failed LIST
 * forgets, so a cluster that is down costs at most one ARM call per run). The ARM module and
 * the credential are loaded only when needed.
 */
import type { TokenCredential } from '@azure/identity';
import type { ClusterId } from '../azure/clusterId.js';
import { AKS_SCOPE, createTokenProvider } from '../azure/token.js';
import { KubeApiError, type KubePort, type ListedKind, type ScalingObject } from './port.js';
import { createRestPort, type KubePortOptions } from './restPort.js';
import { createTokenTransport, type ClusterEndpoint } from './transport.js';

export interface AksTarget {
  /** Resolved through ARM unless `endpoint` is given. */
  readonly cluster?: ClusterId;
  readonly endpoint?: ClusterEndpoint;
}

export interface AksDeps {
  readonly credential: () => Promise<TokenCredential>;
  /** ARM base URL, e.g. `https://management.azure.com`. */
  readonly armEndpoint: string;
  readonly port?: KubePortOptions;
  /** Clock of the token cache (tests). */
  readonly now?: () => number;
}

export function createAksKubePort(target: AksTarget, deps: AksDeps): KubePort {
  const { cluster, endpoint } = target;
  if (!cluster && !endpoint) throw new Error('an AKS target needs a cluster ID or an endpoint');
  const connect = async (): Promise<KubePort> => {
    const credential = await deps.credential();
    const resolved = endpoint ?? (await resolveEndpoint(cluster!, credential, deps.armEndpoint));
    const tokens = createTokenProvider(credential, AKS_SCOPE, { now: deps.now });
    const timeoutMs = deps.port?.timeoutMs ?? 10_000;
    const transport = createTokenTransport(resolved, () => tokens.token(), timeoutMs);
    return createRestPort(transport, { ...deps.port, onUnauthorized: () => tokens.refresh() });
  };
  const forgetOnNetworkError = endpoint === undefined;
  return lazyKubePort(
    connect,
    (e) => forgetOnNetworkError && e instanceof KubeApiError && e.status === 0,
  );
}

async function resolveEndpoint(cluster: ClusterId, credential: TokenCredential, arm: string) {
  const { fetchClusterEndpoint } = await import('../azure/arm.js');
  return fetchClusterEndpoint(cluster, { endpoint: arm, credential });
}

/**
 * A KubePort that connects on its first call and reuses the connection; a failed connect, or a
 * failed `listScalings` for which `forget(err)` is true, makes the next call connect again.
 */
export function lazyKubePort(
  connect: () => Promise<KubePort>,
  forget: (err: unknown) => boolean = () => false,
): KubePort {
  let port: Promise<KubePort> | undefined;
  const use = async <T>(fn: (p: KubePort) => Promise<T>, mayForget = false): Promise<T> => {
    const current = (port ??= connect());
    const p = await current.catch((e: unknown) => {
      if (port === current) port = undefined;
      throw e;
    });
    try {
      return await fn(p);
    } catch (e) {
      if (mayForget && forget(e) && port === current) port = undefined;
      throw e;
    }
  };
  async function* listScalingPages(): AsyncGenerator<readonly ScalingObject[]> {
    const current = (port ??= connect());
    const p = await current.catch((e: unknown) => {
      if (port === current) port = undefined;
      throw e;
    });
    try {
      if (p.listScalingPages) yield* p.listScalingPages();
      else yield await p.listScalings();
    } catch (e) {
      if (forget(e) && port === current) port = undefined;
      throw e;
    }
  }
  async function* listScales(kind: ListedKind, namespace: string) {
    const p = await use((connected) => Promise.resolve(connected));
    if (!p.listScales) throw new KubeApiError(404, `${kind} cannot be listed`);
    yield* p.listScales(kind, namespace);
  }
  return {
    listScalings: () => use((p) => p.listScalings(), true),
    listScalingPages,
    getScale: (ref) => use((p) => p.getScale(ref)),
    listScales,
    patchScale: (ref, replicas, rv) => use((p) => p.patchScale(ref, replicas, rv)),
    getScaling: (name) => use((p) => p.getScaling(name)),
    patchStatus: (name, patch, rv) => use((p) => p.patchStatus(name, patch, rv)),
    createEvent: (about, event) => use((p) => p.createEvent(about, event)),
    listScalers: () => use((p) => p.listScalers()),
    getSecret: (namespace, name) => use((p) => p.getSecret(namespace, name)),
    listEndpointSlices: (namespace, service) =>
      use((p) => p.listEndpointSlices(namespace, service)),
    getLease: (namespace, name) => use((p) => p.getLease(namespace, name)),
    listLeases: (namespace) => use((p) => p.listLeases(namespace)),
    createLease: (namespace, name, spec, annotations) =>
      use((p) => p.createLease(namespace, name, spec, annotations)),
    updateLease: (namespace, name, rv, spec, annotations) =>
      use((p) => p.updateLease(namespace, name, rv, spec, annotations)),
  };
}
