/**
 * `npm run demo`: real scaling decisions in under a minute. A local control plane from
 * KUBEBUILDER_ASSETS (or ../shared/k8s), else the current kubeconfig; a Deployment per spec
 * form; a local metric server playing a traffic curve; the reconciler every few seconds;
 * a live table of metric → replicas.   Options: --seconds N (36) --every N (3)
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runSimulate } from '../lib/cli/simulate.js';
import { parseSettings } from '../lib/config.js';
import { createKubePort, loadKubeConfig } from '../lib/kube/client.js';
import { reconcileAll } from '../lib/reconcile/run.js';
import type { ResourceReport } from '../lib/reconcile/report.js';
import { buildCrd } from '../lib/spec/schema.js';
import { GROUP, PLURAL, VERSION } from '../lib/spec/types.js';
import * as admin from '../tools/admin.js';
import { findAssets, startControlPlane } from '../tools/controlPlane.js';
import { startMetricServer } from '../tools/metricServer.js';
import { trafficAt, demoResources, NAMESPACE } from './demoScenario.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '36' }, every: { type: 'string', default: '3' } },
});
const seconds = Number(values.seconds);
const everyMs = Number(values.every) * 1000;
const out = (line = '') => process.stdout.write(line + '\n');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Cluster {
  readonly kubeconfig: string;
  readonly label: string;
  /** True for a user's cluster: what the demo created stays there. */
  readonly keeps: boolean;
  stop(): Promise<void>;
}

async function openCluster(): Promise<Cluster | undefined> {
  if (findAssets()) {
    out('starting a local control plane (etcd + kube-apiserver) …');
    const cp = await startControlPlane();
    if (cp)
      return {
        kubeconfig: cp.kubeconfig('admin'),
        label: `local control plane ${cp.server}`,
        keeps: false,
        stop: () => cp.stop(),
      };
  }
  const file =
    process.env.KUBECONFIG?.split(path.delimiter)[0] || path.join(os.homedir(), '.kube', 'config');
  if (!existsSync(file)) return undefined;
  try {
    const kc = loadKubeConfig({ kubeconfig: file });
    await createKubePort(kc, { timeoutMs: 5000 })
      .listScalings()
      .catch((e: unknown) => {
        if (String(e).includes(': 404')) return []; // reachable; CRD not installed yet
        throw e;
      });
    return {
      kubeconfig: file,
      label: `kubeconfig context ${kc.getCurrentContext()}`,
      keeps: true,
      stop: () => Promise.resolve(),
    };
  } catch {
    return undefined;
  }
}

const ignoreExists = (e: unknown) => {
  if (!String(e).includes('409') && !String(e).includes('AlreadyExists')) throw e;
};

const cluster = await openCluster();
if (!cluster) {
  out('No cluster to run against. Either:');
  out('  - get a local control plane: export KUBEBUILDER_ASSETS="$(setup-envtest use -p path)"');
  out(
    '    (or, in this workspace, "$(../shared/k8s/install-assets.sh)"), then npm run demo again;',
  );
  out(
    '  - or point KUBECONFIG at a reachable cluster (kind create cluster works), then npm run demo again.',
  );
  out(
    '\nMeanwhile, the same decision code replayed over a day of orders (business-scaler simulate):',
  );
  const spec = 'crds/samples/behavior.yaml';
  const series = 'crds/samples/behavior-series.csv';
  out(`  npx business-scaler simulate --spec ${spec} --series ${series}\n`);
  process.exit(
    runSimulate({ command: 'simulate', spec, series, format: 'table' }, { out, err: out }),
  );
}
const cp = { kubeconfig: () => cluster.kubeconfig };
const metrics = await startMetricServer({
  value: (p) => trafficAt((Date.now() - started) / 1000, p),
});
let started = Date.now();
try {
  out(`cluster: ${cluster.label}`);
  await admin.applyCrd(cp, buildCrd()).catch(ignoreExists);
  await admin.createNamespace(cp, NAMESPACE).catch(ignoreExists);
  for (const r of demoResources(metrics.baseUrl)) {
    await admin.createDeployment(cp, NAMESPACE, r.deployment, 1).catch(ignoreExists);
    await admin.createScaling(cp, { metadata: { name: r.name }, spec: r.spec }).catch(ignoreExists);
  }
  const kube = createKubePort(loadKubeConfig({ kubeconfig: cluster.kubeconfig }));
  const settings = parseSettings({ ...process.env, METRIC_ALLOWED_NETWORKS: '127.0.0.0/8' });
  const log = { info: () => {}, warn: () => {} };
  out(
    'shop: original form, active_users 100..1000 → 1..10 replicas; checkout: full form, 50 orders per replica',
  );
  out(`reconciling every ${everyMs / 1000} s for ${seconds} s  (Ctrl-C stops)\n`);
  out('   t  active_users  shop replicas  orders  checkout replicas  what happened');
  started = Date.now();
  process.once('SIGINT', () => void cluster.stop().then(() => process.exit(130)));
  while (Date.now() - started < seconds * 1000) {
    const tick = Date.now();
    const report = await reconcileAll({ kube, settings, log });
    const row = (name: string) => report.resources.find((r) => r.name === name);
    out(formatRow((tick - started) / 1000, row('shop'), row('checkout')));
    await sleep(Math.max(0, everyMs - (Date.now() - tick)));
  }
  out(
    cluster.keeps
      ? `\nRemoving the demo's BusinessScalings and namespace ${NAMESPACE} (the CRD stays).`
      : '\nThe local control plane stops now. With KUBECONFIG pointing at a cluster (and no assets), the demo runs there.',
  );
} finally {
  if (cluster.keeps) await removeDemo().catch((e: unknown) => out(`cleanup failed: ${String(e)}`));
  await metrics.close();
  await cluster.stop();
}
process.exit(0);

/** On a user's cluster, leave nothing pointing at this process's (now gone) metric server. */
async function removeDemo(): Promise<void> {
  const c = admin.admin({ kubeconfig: () => cluster!.kubeconfig });
  for (const r of demoResources('http://unused')) {
    await c.custom.deleteClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: PLURAL,
      name: r.name,
    });
  }
  await c.core.deleteNamespace({ name: NAMESPACE });
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
  const what = [shop, checkout]
    .filter((r): r is ResourceReport => r !== undefined && r.action !== 'unchanged')
    .map((r) => `${r.name}: ${r.action === 'scaled' ? r.reason : r.message}`)
    .join('; ');
  return `${t.toFixed(0).padStart(4)}  ${metric(shop, 'active_users').padStart(12)}  ${replicas(shop).padStart(13)}  ${metric(checkout, 'orders').padStart(6)}  ${replicas(checkout).padStart(17)}  ${what}`;
}
