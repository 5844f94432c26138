/**
 * The reconciler in its own long-lived process (bench/worker.ts); `run()` asks it for one
 * reconcile and meters every process's CPU meanwhile. Async on purpose: the metric server lives
 * in the bench's process and must keep answering.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ControlPlane } from '../tools/controlPlane.js';
import type { MemoryPeaks } from './memory.js';
import { WORKER_NODE_ARGUMENTS } from './nodeArguments.js';

export interface RunResult {
  wallMs: number;
  /** The reconciler's own CPU during the run. */
  cpuMs: number;
  /** Of `cpuMs`, in the kernel (system time). */
  cpuSystemMs: number;
  byVerb: Record<string, number>;
  maxRssMB: number;
  /** RSS and V8 heap in use right after the run. */
  rssMB: number;
  heapUsedMB: number;
  /** Peaks during the run, sampled every 50 ms (bench/memory.ts). */
  peaks: MemoryPeaks;
  summary: Record<string, number>;
}

/** CPU ms by process over a span: the control plane's processes and this one (metric server). */
export function cpuMeter(cp: ControlPlane) {
  const before = { cp: cp.cpuMs(), self: process.cpuUsage() };
  return () => {
    const after = cp.cpuMs();
    const self = process.cpuUsage(before.self);
    const out: Record<string, number> = {};
    for (const [name, ms] of Object.entries(after ?? {})) out[name] = ms - (before.cp?.[name] ?? 0);
    out['metric server'] = Math.round((self.user + self.system) / 1000);
    return after ? out : undefined;
  };
}

/**
 * The deployment's flags (bench/nodeArguments.ts), then BENCH_NODE_ARGS (later flags win): e.g.
 * `--trace-gc`, or `--max-old-space-size=4096 --max-semi-space-size=16` for Node's defaults here.
 */
export const workerNodeArguments = (): string[] =>
  `${WORKER_NODE_ARGUMENTS} ${process.env.BENCH_NODE_ARGS ?? ''}`
    .split(' ')
    .filter((a) => a !== '');

/**
 * How the worker talks to the API server (bench/worker.ts): `token` as the Functions app on AKS,
 * `kubeconfig` as the CLI (client-node's kubeconfig loading).
 */
export type WorkerClient = 'token' | 'kubeconfig';

export async function startWorkerProcess(
  cp: ControlPlane,
  opts: { concurrency: number; profileDir?: string; shard?: string; client?: WorkerClient },
) {
  const args = [
    ...workerNodeArguments(),
    'dist/bench/worker.js',
    cp.kubeconfig('admin'),
    String(opts.concurrency),
  ];
  if (opts.shard !== undefined) args.push(opts.shard); // `i/n`: the worker reconciles that shard
  const env = {
    ...process.env,
    BENCH_CLIENT: opts.client ?? 'token',
    ...(opts.profileDir !== undefined && { BENCH_PROFILE_DIR: opts.profileDir }),
  };
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'], env });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    for (;;) {
      const line: IteratorResult<string> = await lines.next();
      if (line.done === true) throw new Error('bench worker exited');
      if (line.value.startsWith('{')) return JSON.parse(line.value) as unknown;
      process.stderr.write(`worker: ${line.value}\n`); // e.g. --trace-gc lines
    }
  };
  await next(); // {"ready": true}
  return {
    async run(): Promise<RunResult & { cpu?: Record<string, number> }> {
      const meter = cpuMeter(cp);
      child.stdin.write('run\n');
      const result = (await next()) as RunResult;
      const cpu = meter();
      return { ...result, ...(cpu && { cpu: { reconciler: result.cpuMs, ...cpu } }) };
    },
    stop: () => child.kill(),
  };
}
