/**
 * The demo's run: open a cluster, create this run's objects (and only those), reconcile only
 * them every few seconds against a local metric server playing a traffic curve, print a row per
 * tick, and delete what it created.
 */
import { runSimulate } from '../lib/cli/simulate.js';
import { parseSettings } from '../lib/config.js';
import { createKubePort, loadKubeConfig } from '../lib/kube/client.js';
import { reconcileAll } from '../lib/reconcile/run.js';
import type { ResourceReport } from '../lib/reconcile/report.js';
import { assetsStatus } from '../tools/controlPlane.js';
import { startMetricServer } from '../tools/metricServer.js';
import { consent, describePlan, openCluster, type Cluster } from './demoCluster.js';
import { AlreadyExists, demoObjects } from './demoObjects.js';
import { demoResources, newDemoRun, trafficAt, type DemoRun } from './demoScenario.js';

export interface DemoOptions {
  readonly seconds: number;
  readonly everyMs: number;
  /** Consent to write to a user's cluster (`--yes` / `DEMO_YES=1`). */
  readonly yes: boolean;
  /** Run against this kubeconfig's cluster even when a local control plane could start. */
  readonly kubeconfig?: string;
  /** Aborted: stop after the tick in flight, then clean up. */
  readonly signal?: AbortSignal;
  readonly run?: DemoRun;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/** Exit code: 0 done, 1 failed, 2 not allowed to write to the user's cluster. */
export async function runDemo(opts: DemoOptions, out: (line?: string) => void): Promise<number> {
  const cluster = await openCluster({ kubeconfig: opts.kubeconfig }, out);
  if (!cluster) return noCluster(out);
  const run = opts.run ?? newDemoRun();
  const objects = demoObjects({ kubeconfig: () => cluster.kubeconfig }, run);
  try {
    if (cluster.shared) {
      out(describePlan(cluster, run, await objects.crdMissing()));
      if (!(await consent(opts.yes, out))) return 2;
    } else out(`cluster: ${cluster.label}`);
    return await play(cluster, run, objects, opts, out);
  } catch (e) {
    out(e instanceof AlreadyExists ? e.message : `demo failed: ${String(e)}`);
    return 1;
  } finally {
    const failed = await objects.remove();
    for (const f of failed) out(`could not delete ${f}`);
    await cluster.stop();
  }
}

async function play(
  cluster: Cluster,
  run: DemoRun,
  objects: ReturnType<typeof demoObjects>,
  opts: DemoOptions,
  out: (line?: string) => void,
): Promise<number> {
  let started = Date.now();
  const metrics = await startMetricServer({
    value: (p) => trafficAt((Date.now() - started) / 1000, p),
  });
  try {
    await objects.create(demoResources(run, metrics.baseUrl));
    const kube = createKubePort(loadKubeConfig({ kubeconfig: cluster.kubeconfig }));
    // The run's Lease and its Events go into the demo's own namespace, deleted with it: nothing
    // is written outside what the demo created.
    const settings = parseSettings({
      ...process.env,
      METRIC_ALLOWED_NETWORKS: '127.0.0.0/8',
      LEASE_NAMESPACE: run.namespace,
      EVENTS_NAMESPACE: run.namespace,
    });
    const log = { info: () => {}, warn: () => {} };
    out('shop: original form, active_users 100..1000 → 1..10 replicas;');
    out('checkout: full form, 50 orders per replica');
    out(`reconciling every ${opts.everyMs / 1000} s for ${opts.seconds} s  (Ctrl-C stops)\n`);
    out('   t  active_users  shop replicas  orders  checkout replicas  what happened');
    started = Date.now();
    while (Date.now() - started < opts.seconds * 1000 && !opts.signal?.aborted) {
      const tick = Date.now();
      // Only this run's two BusinessScalings: `name` keeps the run off everything else.
      const rows: (ResourceReport | undefined)[] = [];
      for (const name of [run.shop, run.checkout]) {
        const report = await reconcileAll({ kube, settings, log }, { name });
        rows.push(report.resources.find((r) => r.name === name));
      }
      out(formatRow((tick - started) / 1000, rows[0], rows[1]));
      await sleep(Math.max(0, opts.everyMs - (Date.now() - tick)), opts.signal);
    }
    out(
      cluster.shared
        ? `\nDeleting what the demo created (run ${run.id}).`
        : '\nThe local control plane stops now. With KUBECONFIG pointing at a cluster (and no assets), the demo runs there.',
    );
    return 0;
  } finally {
    await metrics.close();
  }
}

function noCluster(out: (line?: string) => void): number {
  const found = assetsStatus();
  const hint = 'hint' in found ? found.hint : 'set KUBEBUILDER_ASSETS';
  out(`No cluster to run against: ${hint}, or point KUBECONFIG at a cluster (kind works).`);
  out(
    'Meanwhile, the same decision code replayed over a day of orders (business-scaler simulate):',
  );
  const spec = 'crds/samples/behavior.yaml';
  const series = 'crds/samples/behavior-series.csv';
  out(`  npx business-scaler simulate --spec ${spec} --series ${series}\n`);
  return runSimulate({ command: 'simulate', spec, series, format: 'table' }, { out, err: out });
}

function formatRow(t: number, shop?: ResourceReport, checkout?: ResourceReport): string {
  const metric = (r: ResourceReport | undefined, name: string) => {
    const m = r?.metrics[name];
    return typeof m === 'number' ? String(m) : m ? `!${m.error}` : '-';
  };
  const replicas = (r?: ResourceReport) =>
    r?.action === 'scaled'
      ? `${r.currentReplicas} → ${r.desiredReplicas}`
      : String(r?.desiredReplicas ?? '-');
  const named: [string, ResourceReport | undefined][] = [
    ['shop', shop],
    ['checkout', checkout],
  ];
  const what = named
    .filter((e): e is [string, ResourceReport] => e[1] !== undefined && e[1].action !== 'unchanged')
    .map(([n, r]) => `${n}: ${r.message.replace(/^New size: \d+; reason: /, '')}`)
    .join('; ');
  return `${t.toFixed(0).padStart(4)}  ${metric(shop, 'active_users').padStart(12)}  ${replicas(shop).padStart(13)}  ${metric(checkout, 'orders').padStart(6)}  ${replicas(checkout).padStart(17)}  ${what}`;
}
