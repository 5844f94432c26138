/**
 * `npm run bench:coldstart`: process start → end of the first reconcile of 1 BusinessScaling,
 * unbundled (tsc output + node_modules) vs bundled (dist/package) with a kubeconfig, and bundled
 * on the AKS path as on Azure (AKS_SERVER + managed identity through a local
 * `$IDENTITY_ENDPOINT`), against a local control plane and metric server. Each run is a fresh
 * `node` process; runs alternate; medians printed (time and peak RSS).
 *   COLDSTART_RUNS (default 7)
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { PACKAGE_DIR } from '../scripts/package.js';
import { startIdentityEndpoint } from '../tools/azureEndpoints.js';
import { startControlPlane } from '../tools/controlPlane.js';
import { startMetricServer } from '../tools/metricServer.js';
import { seedCluster } from './seed.js';

const run = promisify(execFile);
const runs = Number(process.env.COLDSTART_RUNS ?? 7);
const root = process.cwd();
const unbundled = path.join(root, 'dist/functions/reconcileTimer.js');
const bundled = path.join(root, PACKAGE_DIR, 'functions/reconcileTimer.js');
const runner = path.join(root, 'dist/bench/coldstartRun.js');

const cp = await startControlPlane();
if (!cp) {
  process.stderr.write('bench:coldstart needs KUBEBUILDER_ASSETS (see README)\n');
  process.exit(2);
}
const metrics = await startMetricServer({ value: () => 500 });
const identitySecret = 'coldstart-identity-header';
const identity = await startIdentityEndpoint(identitySecret, () => cp.adminToken);
// No kubeconfig on the AKS path: as on Azure, only the app settings name the cluster.
const baseEnv = { ...process.env };
delete baseEnv.KUBECONFIG;
const kubeconfigEnv = { ...baseEnv, KUBECONFIG: cp.kubeconfig('admin') };
const aksEnv = {
  ...baseEnv,
  AKS_SERVER: cp.server,
  AKS_CA_DATA: cp.caData,
  IDENTITY_ENDPOINT: `${identity.url}/msi/token`,
  IDENTITY_HEADER: identitySecret,
};
const variants = {
  unbundled: { modulePath: unbundled, env: kubeconfigEnv },
  bundled: { modulePath: bundled, env: kubeconfigEnv },
  'bundled, AKS': { modulePath: bundled, env: aksEnv },
};
type Variant = keyof typeof variants;
try {
  await seedCluster(cp, 1, () => `${metrics.baseUrl}/users`);
  const results = {} as Record<Variant, { inProcess: number[]; wall: number[]; rss: number[] }>;
  for (const name of Object.keys(variants) as Variant[])
    results[name] = { inProcess: [], wall: [], rss: [] };
  for (let i = 0; i < runs; i++) {
    for (const [name, { modulePath, env }] of Object.entries(variants) as [
      Variant,
      (typeof variants)[Variant],
    ][]) {
      const started = performance.now();
      // async: the metric server answers from this process's event loop
      const { stdout: out } = await run(process.execPath, [runner, modulePath], {
        env: { ...env, METRIC_ALLOWED_NETWORKS: '127.0.0.0/8' },
        encoding: 'utf8',
      });
      const wall = performance.now() - started;
      const { ms, rssMB, summary } = JSON.parse(out.trim().split('\n').at(-1)!) as {
        ms: number;
        rssMB: number;
        summary: string;
      };
      if (!/^reconciled 1 BusinessScaling .* held=0 invalid=0 error=0$/.test(summary)) {
        throw new Error(`bad run: ${out}`);
      }
      results[name].inProcess.push(ms);
      results[name].wall.push(Math.round(wall));
      results[name].rss.push(rssMB);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const [name, r] of Object.entries(results)) {
    process.stdout.write(
      `${name.padEnd(13)} start→reconciled median ${median(r.inProcess)} ms ` +
        `(runs: ${r.inProcess.join(', ')}); spawn→exit median ${median(r.wall)} ms; ` +
        `peak RSS median ${median(r.rss)} MB\n`,
    );
  }
} finally {
  await identity.close();
  await metrics.close();
  await cp.stop();
}
