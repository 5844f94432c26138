/**
 * Builds what a run needs from settings, once per process: the Kubernetes port (and so its
 * keep-alive connection pool) is reused by every invocation on a warm instance.
 */
import { parseSettings, type Settings } from '../config.js';
import { createKubePort, loadKubeConfig } from '../kube/client.js';
import type { KubePort } from '../kube/port.js';
import { reconcileAll, type Logger, type RunOptions } from '../reconcile/run.js';
import type { RunReport } from '../reconcile/report.js';

export interface Runtime {
  readonly settings: Settings;
  readonly kube: KubePort;
}

export interface ClusterOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
}

export function createRuntime(settings: Settings, cluster: ClusterOptions = {}): Runtime {
  const kc = loadKubeConfig({
    kubeconfig: cluster.kubeconfig,
    context: cluster.context ?? settings.kubeContext,
  });
  return { settings, kube: createKubePort(kc, { eventsNamespace: settings.eventsNamespace }) };
}

let shared: Runtime | undefined;

/** The process-wide runtime of the Functions app, built on first use. */
export function getSharedRuntime(): Runtime {
  shared ??= createRuntime(parseSettings());
  return shared;
}

export function runWith(runtime: Runtime, log: Logger, opts: RunOptions): Promise<RunReport> {
  return reconcileAll({ kube: runtime.kube, settings: runtime.settings, log }, opts);
}
