/**
 * Where the demo runs: a throwaway local control plane when there are envtest assets, else the
 * user's cluster from a kubeconfig — and then only after saying what it will do and being told
 * yes (`--yes`, `DEMO_YES=1`, or an answer on the terminal).
 */
import { createInterface } from 'node:readline/promises';
import { createKubePort, loadKubeConfig } from '../lib/kube/client.js';
import { assetsLine, findAssets, startControlPlane } from '../tools/controlPlane.js';
import { ensureAssets } from '../tools/envtest/resolve.js';
import type { DemoRun } from './demoScenario.js';

export interface Cluster {
  readonly kubeconfig: string | undefined;
  readonly label: string;
  /** True for a user's cluster (not one the demo started). */
  readonly shared: boolean;
  stop(): Promise<void>;
}

export interface OpenOptions {
  /** A kubeconfig file: use that cluster, even when there are envtest assets. */
  readonly kubeconfig?: string;
}

/** A local control plane, else the kubeconfig's cluster when reachable, else undefined. */
export async function openCluster(
  opts: OpenOptions,
  say: (line: string) => void,
): Promise<Cluster | undefined> {
  // With ENVTEST_DOWNLOAD=1 this downloads (verified) into the cache first.
  if (opts.kubeconfig === undefined) await ensureAssets({ log: say });
  if (opts.kubeconfig === undefined && findAssets()) {
    say(`starting a local control plane (etcd + kube-apiserver), ${assetsLine()}`);
    const cp = await startControlPlane();
    if (cp)
      return {
        kubeconfig: cp.kubeconfig('admin'),
        label: `local control plane ${cp.server}`,
        shared: false,
        stop: async () => {
          // The control plane's processes are unref'd: keep the loop alive until they exit.
          const alive = setInterval(() => undefined, 1000);
          await cp.stop().finally(() => clearInterval(alive));
        },
      };
  }
  let kc;
  try {
    kc = loadKubeConfig({ kubeconfig: opts.kubeconfig }); // KUBECONFIG may list several files
  } catch {
    return undefined;
  }
  try {
    await createKubePort(kc, { timeoutMs: 5000 })
      .listScalings()
      .catch((e: unknown) => {
        if (String(e).includes(': 404')) return []; // reachable; CRD not installed yet
        throw e;
      });
  } catch (e) {
    say(
      `kubeconfig context ${kc.getCurrentContext()}: ${e instanceof Error ? e.message : String(e)}`,
    );
    return undefined;
  }
  return {
    kubeconfig: opts.kubeconfig,
    label: `kubeconfig context ${kc.getCurrentContext()} (${kc.getCurrentCluster()?.server})`,
    shared: true,
    stop: () => Promise.resolve(),
  };
}

/** The one paragraph a user reads before the demo writes to their cluster. */
export function describePlan(cluster: Cluster, run: DemoRun, installsCrd: boolean): string {
  return [
    `The demo will run against your cluster, ${cluster.label}. It creates namespace`,
    `${run.namespace} (which also holds the run's Lease and Events) with Deployments shop and`,
    `checkout (pause image), BusinessScalings`,
    `${run.shop} and ${run.checkout}${installsCrd ? ' and the BusinessScaling CRD' : ''}, all labelled`,
    `${Object.entries(run.labels).map(([k, v]) => `${k}=${v}`)[0]}; it reconciles only those two`,
    `and on exit deletes exactly what it created${installsCrd ? ' (the CRD only if nothing else uses it)' : ''}.`,
    'Nothing else in the cluster is changed; an existing object with one of these names stops it.',
  ].join('\n');
}

/** `--yes` / `DEMO_YES=1`, else a y/N question on a terminal; no terminal and no flag: no. */
export async function consent(
  yes: boolean,
  say: (line: string) => void,
  stdin: NodeJS.ReadStream = process.stdin,
): Promise<boolean> {
  if (yes) return true;
  if (!stdin.isTTY) {
    say('Not a terminal, so not asking: run `npm run demo -- --yes` (or DEMO_YES=1) to go ahead.');
    return false;
  }
  const rl = createInterface({ input: stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question('Go ahead? [y/N] ')).trim());
  } finally {
    rl.close();
  }
}
