/**
 * `npm run bench`: N BusinessScalings and their Deployments on a real API server, a metric
 * server with configurable latency; one reconcile run (own process: wall time, API requests
 * by verb, peak RSS), a second run with unchanged metrics (must write nothing), then the same
 * work the way the original operator did it (sequentially per resource), and the ratio.
 *   options: --resources N (1000) --latency ms (50) --concurrency n (64) --baseline all|N|0
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { startMetricServer } from '../tools/metricServer.js';
import { startControlPlane } from '../tools/controlPlane.js';
import { runSequentialBaseline } from './baseline.js';
import { seedCluster, resetReplicas } from './seed.js';

const { values } = parseArgs({
  options: {
    resources: { type: 'string', default: '1000' },
    latency: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '64' },
    baseline: { type: 'string', default: 'all' },
  },
});
const n = Number(values.resources);
const latencyMs = Number(values.latency);
const concurrency = Number(values.concurrency);

interface RunResult {
  wallMs: number;
  byVerb: Record<string, number>;
  maxRssMB: number;
  summary: Record<string, number>;
}

/** Async on purpose: the metric server lives in this process and must keep answering. */
async function runInChild(kubeconfig: string): Promise<RunResult> {
  const args = ['dist/bench/runOnce.js', kubeconfig, String(concurrency)];
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as RunResult;
}

const log = (line: string) => process.stdout.write(line + '\n');
const fmtVerbs = (v: Record<string, number>) =>
  Object.entries(v)
    .sort()
    .map(([k, c]) => `${k}=${c}`)
    .join(' ') || 'none';

const cp = await startControlPlane();
if (!cp) {
  log(
    'bench needs a control plane: export KUBEBUILDER_ASSETS="$(../shared/k8s/install-assets.sh)"',
  );
  process.exit(2);
}
// Users per resource: spread over the thresholds so every Deployment (created at 1) scales.
const usersOf = (path: string) => 150 + ((Number(path.split('/').pop()) * 37) % 850);
const metrics = await startMetricServer({ latencyMs, value: usersOf });
try {
  log(
    `bench: ${n} resources, metric latency ${latencyMs} ms, metric concurrency ${concurrency} (also per host: the bench's endpoints share one host)`,
  );
  const seedMs = await seedCluster(cp, n, (i) => `${metrics.baseUrl}/u/${i}`);
  log(`seeded ${n} Deployments + ${n} BusinessScalings in ${seedMs} ms`);

  const first = await runInChild(cp.kubeconfig('admin'));
  const floorMs = Math.ceil(n / concurrency) * latencyMs;
  const goalMs = 2 * floorMs + 2000;
  log(
    `run 1 (all scale):      ${first.wallMs} ms, peak RSS ${first.maxRssMB} MB, requests ${fmtVerbs(first.byVerb)}`,
  );
  log(`                        summary ${JSON.stringify(first.summary)}`);
  log(
    `  goal: <= 2 x floor (${floorMs} ms) + 2 s = ${goalMs} ms: ${first.wallMs <= goalMs ? 'met' : 'MISSED'}`,
  );

  const second = await runInChild(cp.kubeconfig('admin'));
  const writes = Object.entries(second.byVerb).filter(([v]) => v !== 'GET' && v !== 'LIST');
  const writeCount = writes.reduce((a, [, c]) => a + c, 0);
  log(
    `run 2 (nothing changed): ${second.wallMs} ms, peak RSS ${second.maxRssMB} MB, requests ${fmtVerbs(second.byVerb)}`,
  );
  log(`  goal: 0 write requests: ${writeCount === 0 ? 'met' : `MISSED (${writeCount})`}`);

  const sample = values.baseline === 'all' ? n : Math.min(n, Number(values.baseline));
  if (sample > 0) {
    await resetReplicas(cp, sample, 1);
    const base = await runSequentialBaseline(
      cp.kubeconfig('admin'),
      sample,
      (i) => `${metrics.baseUrl}/u/${i}`,
    );
    const perResource = base.wallMs / sample;
    const projected = Math.round(perResource * n);
    const note = sample === n ? '' : ` (measured on ${sample}, projected to ${n})`;
    log(`sequential baseline:    ${projected} ms${note}, requests ${fmtVerbs(base.byVerb)}`);
    const ratio = projected / first.wallMs;
    log(`  ratio: ${ratio.toFixed(1)}x faster; goal >= 20x: ${ratio >= 20 ? 'met' : 'MISSED'}`);
  }
} finally {
  await metrics.close();
  await cp.stop();
}
process.exit(0);
