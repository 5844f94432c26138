/**
 * The shard lease with real `business-scaler` CLI processes (dist/bin, so `npm run build` first;
 * BUSINESS_SCALER_CLI=<path> runs another build, e.g. one from before the lease) on a real API
 * server: a holder SIGKILLed mid-run, and issue 9's scenario — three overlapping
 * `reconcile --once` on 200 resources with "+1 pod per 600 s": no workload moves more than a step.
 */
import { createLeaseWatch } from '../../lib/lease/watch.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseSettings } from '../../lib/config.js';
import { createKubePort, loadKubeConfig } from '../../lib/kube/client.js';
import type { KubePort } from '../../lib/kube/port.js';
import { reconcileAll } from '../../lib/reconcile/run.js';
import { buildCrd } from '../../lib/spec/schema.js';
import {
  admin,
  applyCrd,
  createDeployment,
  createNamespace,
  createScaling,
} from '../../tools/admin.js';
import { json, startMetricServer, type MetricServer } from '../../tools/metricServer.js';
import { describeIfCluster, useControlPlane } from '../harness/controlPlane.js';
import { ordersSpec } from '../support/ordersSpec.js';

const CLI = path.resolve(process.env.BUSINESS_SCALER_CLI ?? 'dist/bin/business-scaler.js');
const NS = 'business-scaling-system';
const LEASE = 'business-scaler-shard-0-of-1';
const COUNT = 200;
const names = Array.from({ length: COUNT }, (_, i) => `w${String(i).padStart(3, '0')}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeIfCluster('shard lease with real CLI processes', () => {
  const cp = useControlPlane();
  let metrics: MetricServer;
  let kube: KubePort;
  let hang = true;
  const children: ChildProcess[] = [];

  const cli = (...args: string[]) => {
    const child = spawn(
      process.execPath,
      [CLI, 'reconcile', '--once', '--kubeconfig', cp().kubeconfig('admin'), ...args],
      {
        env: { ...process.env, METRIC_ALLOWED_NETWORKS: '127.0.0.0/8', METRIC_TIMEOUT_MS: '60000' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; stderr: string }>((resolve) =>
      child.on('exit', (code) => resolve({ code, stderr })),
    );
    return { child, exited };
  };

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} not found: run \`npm run build\` first`);
    // "+1 pod per 600 s"; the metric asks for ceil(1000 / 100) = 10 replicas; answers take 1 s
    metrics = await startMetricServer({
      latencyMs: 1000,
      answer: () => (hang ? 'no-answer' : json({ value: 1000 })),
    });
    kube = createKubePort(loadKubeConfig({ kubeconfig: cp().kubeconfig('admin') }));
    await applyCrd(cp(), buildCrd());
    await createNamespace(cp(), 'shop');
    await createNamespace(cp(), NS);
    const behavior = {
      scaleUp: {
        stabilizationWindowSeconds: 0,
        policies: [{ type: 'Pods', value: 1, periodSeconds: 600 }],
      },
    };
    for (let i = 0; i < COUNT; i += 20) {
      await Promise.all(
        names.slice(i, i + 20).map(async (name) => {
          await createDeployment(cp(), 'shop', name, 1);
          await createScaling(cp(), {
            metadata: { name },
            spec: ordersSpec(metrics.baseUrl, name, { behavior }),
          });
        }),
      );
    }
  }, 120_000);
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await metrics?.close();
  });

  const holder = async () => (await kube.getLease(NS, LEASE))?.spec.holderIdentity;

  it('a holder SIGKILLed mid-run: skipped until the successor has seen its Lease unchanged for 30 s, then taken over', async () => {
    const { child, exited } = cli('--name', 'w000'); // its metric never answers while `hang`
    for (let i = 0; i < 200 && !String(await holder()).includes(`_${child.pid}_`); i++)
      await sleep(50);
    expect(await holder()).toContain(`_${child.pid}_`);
    child.kill('SIGKILL');
    expect((await exited).code).toBeNull();
    hang = false;
    const transitions = (await kube.getLease(NS, LEASE))!.spec.leaseTransitions as number;
    // the successor's own watch of the Lease (lib/lease/watch.ts), its clock moved on by hand
    let jump = 0;
    const leaseWatch = createLeaseWatch(() => performance.now() + jump);
    const run = () =>
      reconcileAll(
        {
          kube,
          settings: parseSettings({ METRIC_ALLOWED_NETWORKS: '127.0.0.0/8' }),
          log: { info: () => undefined, warn: () => undefined },
          leaseIdentity: 'successor',
          leaseWatch,
        },
        { name: 'w000', dryRun: false },
      );
    const before = await run();
    expect(before.skipped?.holder).toContain(`_${child.pid}_`);
    expect(
      (await admin(cp()).apps.readNamespacedDeployment({ name: 'w000', namespace: 'shop' })).spec
        ?.replicas,
    ).toBe(1);
    jump += 30_000; // seen unchanged for a whole duration by the successor's clock
    const after = await run();
    expect(after.skipped).toBeUndefined();
    expect(after.resources).toMatchObject([{ name: 'w000', action: 'scaled', desiredReplicas: 2 }]);
    expect((await kube.getLease(NS, LEASE))!.spec).toMatchObject({
      holderIdentity: '',
      leaseTransitions: transitions + 1,
    });
  });

  it('three overlapping `reconcile --once`, 1.2 s apart: one runs, two exit 4, every workload moves one step', async () => {
    hang = false; // (already, after the test above)
    const runs = [];
    for (let i = 0; i < 3; i++) {
      if (i > 0) await sleep(1200);
      runs.push(cli('--output', 'json').exited);
    }
    const results = await Promise.all(runs);
    const list = await admin(cp()).apps.listNamespacedDeployment({ namespace: 'shop' });
    const replicas = new Map(list.items.map((d) => [d.metadata!.name!, d.spec!.replicas!]));
    // w000 took its step in the test above; every other one takes exactly one now
    expect(
      names.filter((n) => replicas.get(n) !== 2).map((n) => `${n}=${replicas.get(n)}`),
    ).toEqual([]);
    expect(results.map((r) => r.code)).toEqual([0, 4, 4]);
    expect(results[1]!.stderr).toMatch(
      /^skipped: lease business-scaling-system\/business-scaler-shard-0-of-1 held by \S+ since \S+, expires \S+; nothing read or written$/m,
    );
  }, 120_000);
});
