/**
 * One reconcile run in its own process, so its wall time, API requests and peak RSS are its
 * own: `node dist/bench/runOnce.js <kubeconfig> <metricConcurrency>` prints one JSON line.
 */
import { parseSettings } from '../lib/config.js';
import { createKubePort, loadKubeConfig, type RequestCounters } from '../lib/kube/client.js';
import { reconcileAll } from '../lib/reconcile/run.js';

const [kubeconfig, concurrency] = process.argv.slice(2);
const settings = parseSettings({
  ...process.env,
  METRIC_CONCURRENCY: concurrency,
  // Every bench endpoint is on one host: the per-host limit would otherwise be the bound.
  METRIC_CONCURRENCY_PER_HOST: concurrency,
  METRIC_ALLOWED_NETWORKS: '127.0.0.0/8',
});
const counters: RequestCounters = { byVerb: {} };
const kube = createKubePort(loadKubeConfig({ kubeconfig }), { counters });
const started = performance.now();
const report = await reconcileAll({ kube, settings, log: { info: () => {}, warn: () => {} } });
const wallMs = Math.round(performance.now() - started);
process.stdout.write(
  JSON.stringify({
    wallMs,
    byVerb: counters.byVerb,
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    summary: report.summary,
  }) + '\n',
);
process.exit(0);
