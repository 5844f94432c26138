/**
 * `npm run bench`: N BusinessScalings and their Deployments on a real API server, a metric
 * server with configurable latency; reconcile runs in their own process (wall time, API
 * requests by verb, peak RSS, and the CPU every process on the machine spent on the run):
 * every resource changes (cold process), nothing changes (must write nothing), a tenth
 * changes, every resource changes again (warm); then the
 * same work the way the original operator did it (sequentially per resource), and the ratios.
 *   options: --resources N (1000) --latency ms (50) --concurrency n (64) --baseline all|N|0
 *            --behavior (every BusinessScaling gets `behavior: {}`) --profile dir (per-run CPU profiles)
 *            --client token|kubeconfig (token: the API client of the Functions app on AKS; kubeconfig:
 *            the CLI's, which also loads client-node)
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { startMetricServer } from '../tools/metricServer.js';
import type { ControlPlane } from '../tools/controlPlane.js';
import { formatCpuBound, startControlPlaneOrExit } from './plane.js';
import { runSequentialBaseline } from './baseline.js';
import { evaluateGoals, formatGoals } from './goals.js';
import {
  startWorkerProcess,
  workerNodeArguments,
  type RunResult,
  type WorkerClient,
} from './workerClient.js';
import { seedCluster, resetReplicas } from './seed.js';

const { values } = parseArgs({
  options: {
    resources: { type: 'string', default: '1000' },
    latency: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '64' },
    baseline: { type: 'string', default: 'all' },
    behavior: { type: 'boolean', default: false },
    profile: { type: 'string' },
    client: { type: 'string', default: 'token' },
  },
});
if (values.client !== 'token' && values.client !== 'kubeconfig') {
  throw new Error('--client is token (as the Functions app on AKS) or kubeconfig (as the CLI)');
}
const client: WorkerClient = values.client;
const n = Number(values.resources);
const latencyMs = Number(values.latency);
const concurrency = Number(values.concurrency);
const cores = os.availableParallelism();

const startWorker = (cp: ControlPlane) =>
  startWorkerProcess(cp, { concurrency, profileDir: values.profile, client });
type Run = Awaited<ReturnType<Awaited<ReturnType<typeof startWorker>>['run']>>;

const log = (line: string) => process.stdout.write(line + '\n');
const fmtVerbs = (v: Record<string, number>) =>
  Object.entries(v)
    .sort()
    .map(([k, c]) => `${k}=${c}`)
    .join(' ') || 'none';
const pad = (label: string) => label.padEnd(25);

function report(label: string, r: Run): void {
  log(
    `${pad(label)}${r.wallMs} ms, requests ${fmtVerbs(r.byVerb)}, peak RSS so far ${r.maxRssMB} MB, RSS after ${r.rssMB} MB`,
  );
  const m = r.peaks;
  log(
    `${pad('')}memory peaks: heap used ${m.heapUsedMB} MB of ${m.heapTotalMB} MB reserved, ` +
      `external ${m.externalMB} MB (ArrayBuffers ${m.arrayBuffersMB} MB); heap after ${r.heapUsedMB} MB; ` +
      `GC pauses ${m.gcPauseMs} ms (${m.fullGcs} full)`,
  );
  log(`${pad('')}reconciler CPU ${r.cpuMs} ms, of which system ${r.cpuSystemMs} ms`);
  log(`${pad('')}summary ${JSON.stringify(r.summary)}`);
  if (!r.cpu) return;
  log(`${pad('')}${formatCpuBound(r.cpu, cores)}`);
}

const cp = await startControlPlaneOrExit(log);
// Users per resource: spread over the thresholds so every Deployment (created at 1) scales.
// `bumped` adds 300 users to every tenth resource: 3 more replicas (or the maximum of 10).
let bumped = false;
const indexOf = (path: string) => Number(path.split('/').pop());
const usersOf = (path: string) => {
  const i = indexOf(path);
  return 150 + ((i * 37) % 850) + (bumped && i % 10 === 0 ? 300 : 0);
};
const metrics = await startMetricServer({ latencyMs, value: usersOf });
const urlOf = (i: number) => `${metrics.baseUrl}/u/${i}`;
try {
  log(
    `bench: ${n} resources, metric latency ${latencyMs} ms, metric concurrency ${concurrency} (also per host: the bench's endpoints share one host)`,
  );
  log(`reconciler process: node ${workerNodeArguments().join(' ')}, API client: ${client}`);
  const seedMs = await seedCluster(cp, n, urlOf, { behavior: values.behavior });
  log(`seeded ${n} Deployments + ${n} BusinessScalings in ${seedMs} ms`);

  const floorMs = Math.ceil(n / concurrency) * latencyMs;
  const goalMs = 2 * floorMs + 2000;
  const goal = (r: RunResult) =>
    log(
      `  goal: <= 2 x floor (${floorMs} ms) + 2 s = ${goalMs} ms: ${r.wallMs <= goalMs ? 'met' : 'MISSED'}`,
    );

  const worker = await startWorker(cp);
  const first = await worker.run();
  report('run 1 (all scale, cold):', first);
  goal(first);

  const second = await worker.run();
  // The shard Lease is taken and released with one PUT each; every other write counts.
  const writes = Object.entries(second.byVerb).filter(([v]) => v !== 'GET' && v !== 'LIST');
  const writeCount = writes.reduce((a, [v, c]) => a + (v === 'PUT' ? Math.max(0, c - 2) : c), 0);
  report('run 2 (nothing changed):', second);
  goal(second);
  log(
    `  goal: 0 write requests but the Lease's 2 PUTs${values.behavior ? ' (with behavior)' : ''}: ` +
      (writeCount === 0 ? 'met' : `MISSED (${writeCount})`),
  );

  bumped = true;
  const third = await worker.run();
  report('run 3 (a tenth changed):', third);
  goal(third);

  await resetReplicas(cp, n, 1);
  const fourth = await worker.run();
  report('run 4 (all scale, warm):', fourth);
  goal(fourth);
  worker.stop();
  const evaluated = evaluateGoals(
    { calm: second, rescaled: [first, fourth], all: [first, second, third, fourth] },
    n,
    cores,
    { concurrency, latencyMs },
  );
  for (const line of formatGoals(evaluated, n)) log(line);

  const sample = values.baseline === 'all' ? n : Math.min(n, Number(values.baseline));
  if (sample > 0) {
    const ratio = (label: string, baseMs: number, ours: RunResult) => {
      const r = baseMs / ours.wallMs;
      log(`  ${label}: ${r.toFixed(1)}x faster; goal >= 20x: ${r >= 20 ? 'met' : 'MISSED'}`);
    };
    const projected = async (count: number) => {
      const base = await runSequentialBaseline(cp.kubeconfig('admin'), count, urlOf);
      const note = count === n ? '' : ` (measured on ${count}, projected to ${n})`;
      return { ms: Math.round((base.wallMs / count) * n), note, byVerb: base.byVerb };
    };
    await resetReplicas(cp, sample, 1);
    const all = await projected(sample);
    log(
      `${pad('sequential, all scale:')}${all.ms} ms${all.note}, requests ${fmtVerbs(all.byVerb)}`,
    );
    ratio('run 1 vs sequential, all scale', all.ms, first);
    ratio('run 4 vs sequential, all scale', all.ms, fourth);
    // The same resources again: now nothing changes, as in run 2.
    const calm = await projected(Math.min(sample, 200));
    log(
      `${pad('sequential, unchanged:')}${calm.ms} ms${calm.note}, requests ${fmtVerbs(calm.byVerb)}`,
    );
    ratio('run 2 vs sequential, unchanged', calm.ms, second);
  }
} finally {
  await metrics.close();
  await cp.stop();
}
process.exit(0);
