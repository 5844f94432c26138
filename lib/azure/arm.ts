/**
 * The API server URL and CA of an AKS cluster from ARM `listClusterUserCredential`: one plain
 * authenticated POST (no ARM SDK to load at cold start). The kubeconfig's user section (an exec
 * plugin) is ignored: requests are authenticated with our own Entra ID token. Errors name the
 * cluster, the HTTP status and ARM's error code only, never a body or a token.
 */
import type { TokenCredential } from '@azure/identity';
import { parse as parseYaml } from 'yaml';
import type { ClusterEndpoint } from '../kube/transport.js';
import { describeCluster, type ClusterId } from './clusterId.js';

export const ARM_API_VERSION = '2024-10-01';

export interface ArmOptions {
  /** e.g. `https://management.azure.com` (the token scope is `<origin>/.default`). */
  readonly endpoint: string;
  readonly credential: TokenCredential;
  readonly timeoutMs?: number;
}

export class ArmError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ArmError';
  }
}

export async function fetchClusterEndpoint(
  cluster: ClusterId,
  opts: ArmOptions,
): Promise<ClusterEndpoint> {
  const what = `listClusterUserCredential ${describeCluster(cluster)}`;
  const base = new URL(opts.endpoint);
  const token = await opts.credential.getToken(`${base.origin}/.default`);
  if (!token?.token) throw new ArmError(0, `${what}: no ARM token`);
  const url = new URL(`${cluster.id}/listClusterUserCredential`, base.origin);
  url.searchParams.set('api-version', ARM_API_VERSION);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token.token}`, 'Content-Length': '0' },
      redirect: 'error',
      signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
    });
  } catch (e) {
    const name = (e as { name?: unknown })?.name;
    throw new ArmError(0, `${what}: ${name === 'TimeoutError' ? 'timed out' : 'network error'}`);
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw new ArmError(res.status, `${what}: ${res.status} ${armCode(body)}`);
  const endpoint = readKubeconfig(body, cluster.name);
  if (!endpoint) throw new ArmError(res.status, `${what}: no usable kubeconfig in the answer`);
  return endpoint;
}

function armCode(body: unknown): string {
  const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === 'string' && /^[A-Za-z.]{1,64}$/.test(code) ? code : 'error';
}

/** `kubeconfigs[0].value` (base64 kubeconfig YAML) → server + CA of its first cluster. */
export function readKubeconfig(body: unknown, name: string): ClusterEndpoint | undefined {
  const value = (body as { kubeconfigs?: { value?: unknown }[] } | undefined)?.kubeconfigs?.[0]
    ?.value;
  if (typeof value !== 'string') return undefined;
  let config: unknown;
  try {
    config = parseYaml(Buffer.from(value, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  const entry = (config as { clusters?: { cluster?: Record<string, unknown> }[] } | null)
    ?.clusters?.[0]?.cluster;
  const server = entry?.server;
  const caData = entry?.['certificate-authority-data'];
  if (typeof server !== 'string' || !server.startsWith('https://')) return undefined;
  if (typeof caData !== 'string' || caData === '') return undefined;
  return { name, server, caData };
}
