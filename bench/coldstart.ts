/**
 * `npm run bench:coldstart`: process start → end of the first reconcile of 1 BusinessScaling,
 * unbundled (tsc output + node_modules) vs bundled (dist/package), against a local control
 * plane and metric server. Each run is a fresh `node` process; runs alternate; medians printed.
 *   COLDSTART_RUNS (default 7)
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { startControlPlane } from '../tools/controlPlane.js';
import { startMetricServer } from '../tools/metricServer.js';
import { seedCluster } from './seed.js';

const run = promisify(execFile);
const runs = Number(process.env.COLDSTART_RUNS ?? 7);
const root = process.cwd();
const variants = {
  unbundled: path.join(root, 'dist/functions/reconcileTimer.js'),
  bundled: path.join(root, 'dist/package/functions/reconcileTimer.js'),
} as const;
const runner = path.join(root, 'dist/bench/coldstartRun.js');

const cp = await startControlPlane();
if (!cp) {
  process.stderr.write('bench:coldstart needs KUBEBUILDER_ASSETS (see README)\n');
  process.exit(2);
}
const metrics = await startMetricServer({ value: () => 500 });
try {
  await seedCluster(cp, 1, () => `${metrics.baseUrl}/users`);
  const results: Record<keyof typeof variants, { inProcess: number[]; wall: number[] }> = {
    unbundled: { inProcess: [], wall: [] },
    bundled: { inProcess: [], wall: [] },
  };
  for (let i = 0; i < runs; i++) {
    for (const [name, modulePath] of Object.entries(variants) as [
      keyof typeof variants,
      string,
    ][]) {
      const started = performance.now();
      // async: the metric server answers from this process's event loop
      const { stdout: out } = await run(process.execPath, [runner, modulePath], {
        env: {
          ...process.env,
          KUBECONFIG: cp.kubeconfig('admin'),
          METRIC_ALLOWED_NETWORKS: '127.0.0.0/8',
        },
        encoding: 'utf8',
      });
      const wall = performance.now() - started;
      const { ms, summary } = JSON.parse(out.trim().split('\n').at(-1)!) as {
        ms: number;
        summary: string;
      };
      if (!/^reconciled 1 BusinessScaling .* held=0 invalid=0 error=0$/.test(summary)) {
        throw new Error(`bad run: ${out}`);
      }
      results[name].inProcess.push(ms);
      results[name].wall.push(Math.round(wall));
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const [name, r] of Object.entries(results)) {
    process.stdout.write(
      `${name.padEnd(10)} start→reconciled median ${median(r.inProcess)} ms ` +
        `(runs: ${r.inProcess.join(', ')}); spawn→exit median ${median(r.wall)} ms\n`,
    );
  }
} finally {
  await metrics.close();
  await cp.stop();
}
