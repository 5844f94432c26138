/**
 * Reconcile runs and reads-back on a real control plane, the way the integration tests do it:
 * every run is a fresh instance (new kubeconfig, new port), so state comes from status alone.
 */
import { parseSettings } from '../../../lib/config.js';
import { createKubePort, loadKubeConfig, type KubePortOptions } from '../../../lib/kube/client.js';
import type { KubePort } from '../../../lib/kube/port.js';
import { reconcileAll, type RunOptions } from '../../../lib/reconcile/run.js';
import type { RunReport } from '../../../lib/reconcile/report.js';
import { getReplicas, getScaling } from '../../../tools/admin.js';
import type { ControlPlane } from '../../harness/controlPlane.js';

/** A logger that drops every line. */
export const QUIET = { info: (): void => {}, warn: (): void => {} };

/** The settings every cluster test starts from: metric servers on loopback only. */
export const LOOPBACK_ENV = { METRIC_ALLOWED_NETWORKS: '127.0.0.0/8' } as const;

export type Identity = 'admin' | 'scaler';

/** A port of its own (a new kubeconfig) as `as`. */
export function freshPort(cp: ControlPlane, as: Identity, opts: KubePortOptions = {}): KubePort {
  return createKubePort(loadKubeConfig({ kubeconfig: cp.kubeconfig(as) }), opts);
}

export interface FreshRun extends RunOptions {
  /** The identity of a fresh port; ignored when `kube` is given. Default admin. */
  readonly as?: Identity;
  /** The port to run with (e.g. one wrapped by recordForbidden). */
  readonly kube?: KubePort;
  /** The run's clock: a fixed instant, or a function. Default: the wall clock. */
  readonly now?: Date | (() => Date);
  /** Settings on top of LOOPBACK_ENV. */
  readonly env?: Record<string, string>;
}

/** One run of reconcileAll, quiet, with a fresh port unless `kube` is given. */
export function runFresh(cp: ControlPlane, run: FreshRun = {}): Promise<RunReport> {
  const { as = 'admin', kube, now, env, ...opts } = run;
  const clock = now instanceof Date ? () => now : now;
  return reconcileAll(
    {
      kube: kube ?? freshPort(cp, as),
      settings: parseSettings({ ...LOOPBACK_ENV, ...env }),
      log: QUIET,
      ...(clock && { now: clock }),
    },
    opts,
  );
}

/** `spec.replicas` of a workload. */
export async function replicasOf(
  cp: ControlPlane,
  namespace: string,
  name: string,
  kind: 'Deployment' | 'StatefulSet' = 'Deployment',
): Promise<number> {
  return (await getReplicas(cp, kind, namespace, name)).spec;
}

/** The status of a BusinessScaling. */
export async function statusOf(cp: ControlPlane, name: string) {
  return (await getScaling(cp, name)).status;
}

/** One condition of a BusinessScaling's status, by type. */
export async function conditionOf(cp: ControlPlane, name: string, type: string) {
  return (await statusOf(cp, name))?.conditions?.find((c) => c.type === type);
}

/** A run's logger that keeps every line (info and warn alike), and those lines. */
export function collectLines() {
  const lines: string[] = [];
  const log = { info: (l: string) => lines.push(l), warn: (l: string) => lines.push(l) };
  return { lines, log };
}
