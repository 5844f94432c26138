/** Settings, parsed once from the environment into a frozen object. Bad values fail loudly. */
import { parseClusterId, type ClusterId } from './azure/clusterId.js';

export interface Settings {
  /** Per-request metric timeout (connect + headers + body). */
  readonly metricTimeoutMs: number;
  /** Cap on a metric response body, in bytes. */
  readonly metricMaxBytes: number;
  /** Metric fetches in flight at once, across the run. */
  readonly metricConcurrency: number;
  /** Kubernetes API calls in flight at once, across the run. */
  readonly kubeConcurrency: number;
  /** Namespace for Events about (cluster-scoped) BusinessScalings. */
  readonly eventsNamespace: string;
  /** kubeconfig context to use (the file comes from KUBECONFIG, ~/.kube/config or in-cluster). */
  readonly kubeContext?: string;
  /** `AKS_CLUSTERS`: AKS resource IDs, comma-separated; non-empty → a fleet run over all of them. */
  readonly aksClusters: readonly ClusterId[];
  /** `AKS_SERVER` + `AKS_CA_DATA` (base64 PEM): one cluster's endpoint, skipping ARM. */
  readonly aksEndpoint?: { readonly server: string; readonly caData: string };
  /** `AZURE_CLIENT_ID`: the user-assigned managed identity (else DefaultAzureCredential). */
  readonly azureClientId?: string;
  /** `ARM_ENDPOINT`: Azure Resource Manager base URL. */
  readonly armEndpoint: string;
}

export const DEFAULTS = {
  metricTimeoutMs: 5000,
  metricMaxBytes: 1024 * 1024,
  metricConcurrency: 64,
  kubeConcurrency: 64,
  eventsNamespace: 'default',
  armEndpoint: 'https://management.azure.com',
} as const;

type Env = Readonly<Record<string, string | undefined>>;

function readInt(env: Env, name: string, fallback: number, min: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) {
    throw new Error(`setting ${name} must be an integer >= ${min}, got "${raw}"`);
  }
  return Number(raw);
}

function readString(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

function readClusters(env: Env): ClusterId[] {
  const parts = (readString(env, 'AKS_CLUSTERS') ?? '').split(',').map((p) => p.trim());
  const ids = parts.filter((p) => p !== '');
  return ids.map((raw) => {
    const id = parseClusterId(raw);
    if (!id) throw new Error(`setting AKS_CLUSTERS: not an AKS cluster resource ID: "${raw}"`);
    return id;
  });
}

function readEndpoint(env: Env, clusters: number): Settings['aksEndpoint'] {
  const server = readString(env, 'AKS_SERVER');
  const caData = readString(env, 'AKS_CA_DATA');
  if (server === undefined && caData === undefined) return undefined;
  if (server === undefined || caData === undefined) {
    throw new Error('settings AKS_SERVER and AKS_CA_DATA go together');
  }
  if (!/^https:\/\/[^/?#@\s]+\/?$/.test(server)) {
    throw new Error('setting AKS_SERVER must be https://<host>[:port]');
  }
  if (!/^[A-Za-z0-9+/]+=*$/.test(caData)) throw new Error('setting AKS_CA_DATA must be base64');
  if (clusters > 1) {
    throw new Error('AKS_SERVER can only be used with at most one AKS_CLUSTERS entry');
  }
  return { server, caData };
}

function readArmEndpoint(env: Env): string {
  const raw = readString(env, 'ARM_ENDPOINT') ?? DEFAULTS.armEndpoint;
  if (!/^https?:\/\/[^/?#@\s]+\/?$/.test(raw)) {
    throw new Error('setting ARM_ENDPOINT must be http(s)://<host>[:port]');
  }
  return raw;
}

export function parseSettings(env: Env = process.env): Settings {
  const aksClusters = Object.freeze(readClusters(env));
  return Object.freeze({
    metricTimeoutMs: readInt(env, 'METRIC_TIMEOUT_MS', DEFAULTS.metricTimeoutMs, 1),
    metricMaxBytes: readInt(env, 'METRIC_MAX_BYTES', DEFAULTS.metricMaxBytes, 1),
    metricConcurrency: readInt(env, 'METRIC_CONCURRENCY', DEFAULTS.metricConcurrency, 1),
    kubeConcurrency: readInt(env, 'KUBE_CONCURRENCY', DEFAULTS.kubeConcurrency, 1),
    eventsNamespace: readString(env, 'EVENTS_NAMESPACE') ?? DEFAULTS.eventsNamespace,
    kubeContext: readString(env, 'KUBE_CONTEXT'),
    aksClusters,
    aksEndpoint: readEndpoint(env, aksClusters.length),
    azureClientId: readString(env, 'AZURE_CLIENT_ID'),
    armEndpoint: readArmEndpoint(env),
  });
}
