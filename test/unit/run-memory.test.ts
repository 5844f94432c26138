/**
 * A long-lived process does not accumulate: many runs over the same resources (behavior: {},
 * metrics drifting every run, so status and replicas change each time) leave the V8 heap,
 * measured after a full GC, where it was after the first few runs. A bounded stand-in for
 * `npm run bench:soak`; it checks a trend, never time.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseSettings } from '../../lib/config.js';
import type { BodyResult } from '../../lib/metrics/types.js';
import { reconcileAll } from '../../lib/reconcile/run.js';
import { FakeKube } from '../support/fakeKube.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const N = 100;
const RUNS = 24;

it(`${RUNS} runs over ${N} resources: no growth of the heap`, async () => {
  const kube = new FakeKube();
  for (let i = 0; i < N; i++) {
    kube.addWorkload('Deployment', 'default', `w${i}`, 1).addScaling(`w${i}`, {
      targetDeployment: `w${i}`,
      metricSource: `http://m/u/${i}`,
      scaleThresholds: { minUsers: 100, maxUsers: 1000, minReplicas: 1, maxReplicas: 10 },
      behavior: {},
    });
  }
  let run = 0;
  let now = Date.parse('2026-11-25T10:00:00Z');
  const deps = {
    kube,
    settings: parseSettings({ METRIC_ALLOWED_NETWORKS: '127.0.0.0/8' }),
    now: () => new Date(now),
    log: { info: () => {}, warn: () => {} },
    fetchBody: (url: string): Promise<BodyResult> => {
      const i = Number(url.split('/').pop());
      return Promise.resolve({
        ok: true,
        body: { active_users: 150 + ((i * 37 + run * 53) % 850) },
      });
    },
  };
  const heap: number[] = [];
  for (run = 1; run <= RUNS; run++) {
    now += 15_000;
    kube.writes.length = 0; // the fake's own journal is not the reconciler's memory
    const report = await reconcileAll(deps);
    expect(report.summary.seen).toBe(N);
    heap.push(heapAfterGc());
  }
  const early = Math.max(...heap.slice(4, 8));
  const late = Math.max(...heap.slice(-4));
  // allowance: 1 MB for what V8 itself keeps between runs (code, feedback); keeping one run's
  // listed objects (~2 kB each) per run would add ~3 MB over the last 16 runs
  expect(late - early).toBeLessThanOrEqual(2 ** 20);
});
