/** Settings, parsed once from the environment into a frozen object. Bad values fail loudly. */
import { MAX_DECISION_HISTORY } from './record/types.js';
import { parseClusterId, type ClusterId } from './azure/clusterId.js';
import { LEASE_DEFAULTS, readLeaseSettings } from './lease/settings.js';
import { checkTiming } from './lease/writeBound.js';
import { createPolicy, type NetworkPolicy } from './net/policy.js';
import { readFanoutSettings } from './fanout/settings.js';
import { readHistoryStoreSettings } from './history/blobSettings.js';
import type { Settings } from './settingsTypes.js';

export type { Settings };

export const DEFAULTS = {
  metricTimeoutMs: 5000,
  metricMaxBytes: 1024 * 1024,
  metricConcurrency: 64,
  metricConcurrencyPerHost: 32,
  metricHostFailureLimit: 3,
  kubeConcurrency: 32,
  kubeTimeoutMs: 10_000,
  decisionHistory: 10,
  eventsNamespace: 'default',
  armEndpoint: 'https://management.azure.com',
  secretsNamespaces: ['business-scaling-system'],
  metricAzureScopes: ['https://prometheus.monitor.azure.com/.default'],
  endpointsNamespaces: [],
  shards: 1,
  historyStepSeconds: 300,
  ...LEASE_DEFAULTS,
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

function readNetwork(env: Env): NetworkPolicy {
  try {
    return createPolicy(
      readString(env, 'METRIC_ALLOWED_NETWORKS'),
      readString(env, 'IDENTITY_ENDPOINT'),
    );
  } catch (err) {
    throw new Error(`setting METRIC_ALLOWED_NETWORKS: ${(err as Error).message}`, { cause: err });
  }
}

const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function readNamespaces(env: Env, name: string, fallback: readonly string[]): readonly string[] {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  const names = raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const bad = names.find((n) => n.length > 63 || !NAMESPACE.test(n));
  if (bad !== undefined) throw new Error(`setting ${name}: not a namespace: "${bad}"`);
  return Object.freeze(names);
}

function readMax(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = readInt(env, name, fallback, min);
  if (value > max) throw new Error(`setting ${name} must be at most ${max}, got ${value}`);
  return value;
}

function readScopes(env: Env): readonly string[] {
  const raw = readString(env, 'METRIC_AZURE_SCOPES');
  if (raw === undefined) return DEFAULTS.metricAzureScopes;
  const scopes = raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const bad = scopes.find((s) => !/^https:\/\/[a-z0-9.-]+\/\.default$/i.test(s));
  if (bad !== undefined) {
    throw new Error(`setting METRIC_AZURE_SCOPES: not https://<host>/.default: "${bad}"`);
  }
  return Object.freeze(scopes);
}

/** Settings under which one writer per shard cannot hold are refused, naming them. */
function refuseUnsafe(settings: Settings): Settings {
  const problems = checkTiming(settings);
  if (problems.length > 0) throw new Error(`unsafe settings: ${problems.join('; ')}`);
  return settings;
}

export function parseSettings(env: Env = process.env): Settings {
  const aksClusters = Object.freeze(readClusters(env));
  return refuseUnsafe(
    Object.freeze({
      metricTimeoutMs: readInt(env, 'METRIC_TIMEOUT_MS', DEFAULTS.metricTimeoutMs, 1),
      metricMaxBytes: readInt(env, 'METRIC_MAX_BYTES', DEFAULTS.metricMaxBytes, 1),
      metricConcurrency: readInt(env, 'METRIC_CONCURRENCY', DEFAULTS.metricConcurrency, 1),
      metricConcurrencyPerHost: readInt(
        env,
        'METRIC_CONCURRENCY_PER_HOST',
        DEFAULTS.metricConcurrencyPerHost,
        1,
      ),
      metricHostFailureLimit: readInt(
        env,
        'METRIC_HOST_FAILURE_LIMIT',
        DEFAULTS.metricHostFailureLimit,
        1,
      ),
      kubeConcurrency: readInt(env, 'KUBE_CONCURRENCY', DEFAULTS.kubeConcurrency, 1),
      kubeTimeoutMs: readInt(env, 'KUBE_TIMEOUT_MS', DEFAULTS.kubeTimeoutMs, 100),
      decisionHistory: Math.min(
        MAX_DECISION_HISTORY,
        readInt(env, 'DECISION_HISTORY', DEFAULTS.decisionHistory, 0),
      ),
      eventsNamespace: readString(env, 'EVENTS_NAMESPACE') ?? DEFAULTS.eventsNamespace,
      kubeContext: readString(env, 'KUBE_CONTEXT'),
      aksClusters,
      aksEndpoint: readEndpoint(env, aksClusters.length),
      azureClientId: readString(env, 'AZURE_CLIENT_ID'),
      armEndpoint: readArmEndpoint(env),
      metricNetwork: readNetwork(env),
      secretsNamespaces: readNamespaces(env, 'SECRETS_NAMESPACES', DEFAULTS.secretsNamespaces),
      metricAzureScopes: readScopes(env),
      shards: readMax(env, 'SHARDS', DEFAULTS.shards, 1, 9999),
      fanout: readFanoutSettings(env),
      historyStore: readHistoryStoreSettings(env),
      endpointsNamespaces: readNamespaces(
        env,
        'ENDPOINTS_NAMESPACES',
        DEFAULTS.endpointsNamespaces,
      ),
      historyDir: readString(env, 'HISTORY_DIR'),
      historyStepSeconds: readMax(
        env,
        'HISTORY_STEP_SECONDS',
        DEFAULTS.historyStepSeconds,
        60,
        3600,
      ),
      ...readLeaseSettings(env),
    }),
  );
}
