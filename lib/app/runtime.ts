/**
 * Builds what a run needs from settings, once per process: the Kubernetes port (and so its
 * keep-alive connection pool) is reused by every invocation on a warm instance.
 * - `AKS_CLUSTERS` set: a fleet, one lazily connected AKS port per cluster (managed identity);
 * - else `AKS_SERVER` + `AKS_CA_DATA`: one AKS cluster, no ARM call;
 * - else the kubeconfig (`KUBECONFIG`, `~/.kube/config`, in-cluster), as before.
 */
import type { TokenCredential } from '@azure/identity';
import { lazyCredential } from '../azure/credential.js';
import { describeCluster } from '../azure/clusterId.js';
import { parseSettings, type Settings } from '../config.js';
import { reconcileFleet, type FleetMember, type FleetReport } from '../fleet/fleet.js';
import { createAksKubePort, lazyKubePort, type AksDeps } from '../kube/aks.js';
import type { KubePort } from '../kube/port.js';
import { fetchBody } from '../metrics/fetch.js';
import { reconcileAll, type Logger, type RunDeps, type RunOptions } from '../reconcile/run.js';
import type { RunReport } from '../reconcile/report.js';
import { planShards } from './shards.js';
import { createLatencyRecorder, type LatencyStats } from '../telemetry/latency.js';
import { createChoiceCache } from '../forecast/choiceCache.js';
import { createHistorySource } from '../history/factory.js';

/** Per process (per settings object): the forecast's history source and its model choices. */
const forecastDeps = new WeakMap<Settings, Pick<RunDeps, 'history' | 'forecastChoices'>>();

function forecastDepsOf(settings: Settings): Pick<RunDeps, 'history' | 'forecastChoices'> {
  let deps = forecastDeps.get(settings);
  if (deps === undefined) {
    deps = { history: createHistorySource(settings), forecastChoices: createChoiceCache() };
    forecastDeps.set(settings, deps);
  }
  return deps;
}

export interface Runtime {
  readonly settings: Settings;
  readonly kube: KubePort;
}

export interface FleetRuntime {
  readonly settings: Settings;
  readonly clusters: readonly FleetMember[];
}

export type AppRuntime = Runtime | FleetRuntime;

export const isFleetRuntime = (rt: AppRuntime): rt is FleetRuntime => 'clusters' in rt;

export interface ClusterOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
}

/**
 * A kubeconfig runtime. lib/kube/client.ts (and with it @kubernetes/client-node, the largest
 * module of the app) loads on the first API call, so the AKS path never loads it; a kubeconfig
 * that cannot be loaded fails that call, i.e. the run, with its message.
 */
export function createRuntime(settings: Settings, cluster: ClusterOptions = {}): Runtime {
  return { settings, kube: lazyKubePort(() => openKubeconfigPort(settings, cluster)) };
}

async function openKubeconfigPort(settings: Settings, cluster: ClusterOptions): Promise<KubePort> {
  const { createKubePort, loadKubeConfig } = await import('../kube/client.js');
  const kc = loadKubeConfig({
    kubeconfig: cluster.kubeconfig,
    context: cluster.context ?? settings.kubeContext,
  });
  return createKubePort(kc, {
    eventsNamespace: settings.eventsNamespace,
    timeoutMs: settings.kubeTimeoutMs,
  });
}

/**
 * For the CLI: as `createAppRuntime`, but a kubeconfig (explicit `cluster`, or no AKS settings)
 * is loaded now, so a missing or broken one is reported before anything runs.
 */
export async function openAppRuntime(
  settings: Settings,
  cluster?: ClusterOptions,
): Promise<AppRuntime> {
  if (usesAks(settings) && cluster === undefined) return createAppRuntime(settings);
  const port = await openKubeconfigPort(settings, cluster ?? {});
  return { settings, kube: port };
}

export interface AzureOptions {
  /** Injected in tests; default: managed identity (`AZURE_CLIENT_ID`) loaded on first use. */
  readonly credential?: () => Promise<TokenCredential>;
  readonly now?: () => number;
}

/** Nothing connects here: AKS ports resolve their endpoint and token on first use. */
const usesAks = (s: Settings): boolean => s.aksClusters.length > 0 || s.aksEndpoint !== undefined;

export function createAppRuntime(settings: Settings, azure: AzureOptions = {}): AppRuntime {
  const { aksClusters, aksEndpoint } = settings;
  if (!usesAks(settings)) return createRuntime(settings);
  const deps: AksDeps = {
    credential: azure.credential ?? lazyCredential(settings.azureClientId),
    armEndpoint: settings.armEndpoint,
    port: { eventsNamespace: settings.eventsNamespace, timeoutMs: settings.kubeTimeoutMs },
    now: azure.now,
  };
  if (aksClusters.length === 0 && aksEndpoint) {
    const endpoint = { name: 'aks', ...aksEndpoint };
    return { settings, kube: createAksKubePort({ endpoint }, deps) };
  }
  const clusters = aksClusters.map((cluster) => {
    const endpoint = aksEndpoint && { name: cluster.name, ...aksEndpoint };
    return {
      cluster: describeCluster(cluster),
      kube: createAksKubePort({ cluster, endpoint }, deps),
    };
  });
  return { settings, clusters };
}

/** The cluster label of a single-cluster runtime in work messages. */
export const SINGLE_CLUSTER = 'default';

/** The clusters a tick plans work for: each fleet member's label, or `default`. */
export function clusterNames(rt: AppRuntime): string[] {
  return isFleetRuntime(rt) ? rt.clusters.map((c) => c.cluster) : [SINGLE_CLUSTER];
}

/**
 * One cluster of the runtime, for a run of one (cluster, shard): a fleet of that one member
 * (same port and connection pool; logs and report keep the cluster's name), or the single
 * cluster itself. Undefined for a name this runtime does not know.
 */
export function selectCluster(rt: AppRuntime, name: string): AppRuntime | undefined {
  if (!isFleetRuntime(rt)) return name === SINGLE_CLUSTER ? rt : undefined;
  const member = rt.clusters.find((c) => c.cluster === name);
  return member && { settings: rt.settings, clusters: [member] };
}

let shared: Runtime | undefined;

/** The process-wide kubeconfig runtime, built on first use. */
export function getSharedRuntime(): Runtime {
  shared ??= createRuntime(parseSettings());
  return shared;
}

let sharedApp: AppRuntime | undefined;

/** The process-wide runtime of the Functions app (kubeconfig, AKS or a fleet), built on first use. */
export function getAppRuntime(): AppRuntime {
  sharedApp ??= createAppRuntime(parseSettings());
  return sharedApp;
}

export function runWith(runtime: Runtime, log: Logger, opts: RunOptions): Promise<RunReport> {
  return reconcileAll({ kube: runtime.kube, settings: runtime.settings, log }, opts);
}

export interface AppRun {
  readonly report: RunReport | FleetReport;
  readonly metricFetches: LatencyStats;
}

/** One run of a single cluster or of a fleet, with the metric fetch latencies for telemetry. */
export async function runApp(
  runtime: AppRuntime,
  log: Logger,
  opts: RunOptions,
  fetch: RunDeps['fetchBody'] = fetchBody,
): Promise<AppRun> {
  const latency = createLatencyRecorder();
  const deps = {
    settings: runtime.settings,
    log,
    fetchBody: latency.wrap(fetch),
    ...forecastDepsOf(runtime.settings),
  };
  const target = isFleetRuntime(runtime) ? runtime.clusters : runtime.kube;
  const plan = planShards(runtime.settings, target, opts);
  const report =
    plan.kind === 'members'
      ? await reconcileFleet(plan.members, deps, plan.opts)
      : await reconcileAll({ ...deps, kube: target as KubePort }, plan.opts);
  return { report, metricFetches: latency.stats() };
}
