/**
 * `npm run bench:soak`: one long-lived reconciler process, run R times (100) over N
 * BusinessScalings (1,000) with `behavior: {}` and metrics that drift every run, as a Functions
 * worker lives. First a fresh process does one run (the one-shot peak). Prints RSS and V8 heap
 * after every tenth run, then the goals: RSS after the last run ≤ 1.1 × after run 10, and
 * settled RSS ≤ 1.3 × the one-shot peak.
 *   options: --resources N (1000) --runs R (100) --latency ms (50) --concurrency n (64)
 *            --client token|kubeconfig (as in bench/bench.ts)
 */
import { parseArgs } from 'node:util';
import { startControlPlane } from '../tools/controlPlane.js';
import { startMetricServer } from '../tools/metricServer.js';
import { seedCluster } from './seed.js';
import { startWorkerProcess, workerNodeArguments } from './workerClient.js';

const { values } = parseArgs({
  options: {
    resources: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '100' },
    latency: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '64' },
    client: { type: 'string', default: 'token' },
  },
});
const client = values.client === 'kubeconfig' ? 'kubeconfig' : 'token';
const n = Number(values.resources);
const runs = Number(values.runs);
const concurrency = Number(values.concurrency);
const log = (line: string) => process.stdout.write(line + '\n');

const cp = await startControlPlane();
if (!cp) {
  log('bench:soak needs a control plane (KUBEBUILDER_ASSETS)');
  process.exit(2);
}
// Drifting: every run moves every resource's users, so recommendations and replicas change.
let run = 0;
const usersOf = (path: string) => 150 + ((Number(path.split('/').pop()) * 37 + run * 53) % 850);
const metrics = await startMetricServer({ latencyMs: Number(values.latency), value: usersOf });
try {
  await seedCluster(cp, n, (i) => `${metrics.baseUrl}/u/${i}`, { behavior: true });
  log(`soak: ${n} resources with behavior: {}, ${runs} runs in one process, drifting metrics`);
  log(`reconciler process: node ${workerNodeArguments().join(' ')}, API client: ${client}`);
  const once = await startWorkerProcess(cp, { concurrency, client });
  const oneShot = await once.run();
  once.stop();
  log(`one-shot process: peak RSS ${oneShot.maxRssMB} MB (${oneShot.wallMs} ms)`);

  const worker = await startWorkerProcess(cp, { concurrency, client });
  const rss: number[] = [];
  for (run = 1; run <= runs; run++) {
    const r = await worker.run();
    rss.push(r.rssMB);
    if (run === 1 || run % 10 === 0) {
      const writes = (r.byVerb.PATCH ?? 0) + (r.byVerb.POST ?? 0);
      log(
        `run ${String(run).padStart(3)}: RSS ${r.rssMB} MB (peak ${r.maxRssMB}), heap ${r.heapUsedMB} MB ` +
          `(peak ${r.peaks.heapUsedMB} of ${r.peaks.heapTotalMB} reserved, external ${r.peaks.externalMB}), ` +
          `${r.wallMs} ms, reconciler CPU ${r.cpuMs} ms, ${writes} writes`,
      );
    }
  }
  worker.stop();
  const at10 = rss[Math.min(9, rss.length - 1)] ?? 0;
  const last = rss.at(-1) ?? 0;
  const growth = last / at10;
  const settled = last / oneShot.maxRssMB;
  log(
    `  goal: RSS after run ${runs} <= 1.1 x after run 10: ${last} vs ${at10} MB (${growth.toFixed(2)}x): ${growth <= 1.1 ? 'met' : 'MISSED'}`,
  );
  log(
    `  goal: settled RSS <= 1.3 x one-shot peak: ${last} vs ${oneShot.maxRssMB} MB (${settled.toFixed(2)}x): ${settled <= 1.3 ? 'met' : 'MISSED'}`,
  );
} finally {
  await metrics.close();
  await cp.stop();
}
process.exit(0);
