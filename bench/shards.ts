/**
 * `npm run bench:shards`: N BusinessScalings on one real API server, reconciled by 1 worker
 * process, then by W workers with one shard each (`i/W`, real processes, all started at once), as
 * instances of the queue fan-out would. Per round: wall time, each process's CPU, peak RSS and API
 * requests, and the machine floor the way `npm run bench` prints it. Each round runs twice: every
 * resource scales (cold processes), then nothing changed (warm).
 *   options: --resources N (10000) --workers 1,2,4 --latency ms (50) --concurrency n (64)
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { ControlPlane } from '../tools/controlPlane.js';
import { formatCpuBound, startControlPlaneOrExit } from './plane.js';
import { startMetricServer } from '../tools/metricServer.js';
import { resetReplicas, seedCluster } from './seed.js';
import { cpuMeter, startWorkerProcess, type RunResult } from './workerClient.js';

const { values } = parseArgs({
  options: {
    resources: { type: 'string', default: '10000' },
    workers: { type: 'string', default: '1,2,4' },
    latency: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '64' },
  },
});
const n = Number(values.resources);
const counts = values.workers.split(',').map(Number);
const latencyMs = Number(values.latency);
const cores = os.availableParallelism();

type WorkerRun = RunResult;

/** One bench/worker.ts process for shard `i/w` (no shard when w = 1). */
const startWorker = (cp: ControlPlane, shard: string | undefined) =>
  startWorkerProcess(cp, { concurrency: Number(values.concurrency), shard });

const log = (line: string) => process.stdout.write(line + '\n');
const secs = (ms: number) => (ms / 1000).toFixed(1);
const verbs = (v: Record<string, number>) =>
  Object.entries(v)
    .sort()
    .map(([k, c]) => `${k}=${c}`)
    .join(' ') || 'none';
const sumVerbs = (runs: readonly WorkerRun[]) => {
  const out: Record<string, number> = {};
  for (const r of runs) for (const [k, c] of Object.entries(r.byVerb)) out[k] = (out[k] ?? 0) + c;
  return out;
};

/** All workers reconcile at once; wall time is from the start to the last worker's answer. */
async function round(cp: ControlPlane, workers: Awaited<ReturnType<typeof startWorker>>[]) {
  const meter = cpuMeter(cp);
  const started = performance.now();
  const runs = await Promise.all(workers.map((w) => w.run()));
  const wallMs = Math.round(performance.now() - started);
  const cpu: Record<string, number> = {
    reconcilers: runs.reduce((a, r) => a + r.cpuMs, 0),
    ...meter(),
  };
  return { wallMs, runs, cpu };
}

function report(label: string, r: Awaited<ReturnType<typeof round>>): void {
  log(`${label}: wall ${r.wallMs} ms, API requests ${verbs(sumVerbs(r.runs))}`);
  r.runs.forEach((w, i) =>
    log(
      `  worker ${i}/${r.runs.length}: ${w.wallMs} ms, CPU ${secs(w.cpuMs)} s, peak RSS ${w.maxRssMB} MB, ` +
        `requests ${verbs(w.byVerb)}, summary ${JSON.stringify(w.summary)}`,
    ),
  );
  log(`  ${formatCpuBound(r.cpu, cores)}`);
}

const cp = await startControlPlaneOrExit(log);
const metrics = await startMetricServer({
  latencyMs,
  value: (path) => 150 + ((Number(path.split('/').pop()) * 37) % 850),
});
try {
  log(
    `bench:shards: ${n} resources, workers ${counts.join(', ')}, metric latency ${latencyMs} ms, ` +
      `metric concurrency ${values.concurrency} per worker, ${cores} cores ` +
      `(shared with whatever else runs on this machine: numbers are noisy)`,
  );
  const seedMs = await seedCluster(cp, n, (i) => `${metrics.baseUrl}/u/${i}`);
  log(`seeded ${n} Deployments + ${n} BusinessScalings in ${seedMs} ms`);
  const walls: [number, number][] = [];
  for (const w of counts) {
    await resetReplicas(cp, n, 1);
    const shards = Array.from({ length: w }, (_, i) => (w === 1 ? undefined : `${i}/${w}`));
    const workers = await Promise.all(shards.map((s) => startWorker(cp, s)));
    const all = await round(cp, workers);
    report(`${w} worker${w === 1 ? '' : 's'}, all scale (cold)`, all);
    const calm = await round(cp, workers);
    report(`${w} worker${w === 1 ? '' : 's'}, nothing changed (warm)`, calm);
    for (const worker of workers) worker.stop();
    walls.push([w, all.wallMs]);
  }
  const [, base] = walls[0]!;
  log(
    `all-scale wall by workers: ${walls
      .map(([w, ms]) => `${w}: ${secs(ms)} s (x${(base / ms).toFixed(2)})`)
      .join(', ')}`,
  );
} finally {
  await metrics.close();
  await cp.stop();
}
process.exit(0);
