/**
 * The queue fan-out on real parts: Azurite's queue service (started like the control plane),
 * `@azure/storage-queue`, a real kube-apiserver and a real metric server. The Functions handlers
 * are called directly with an InvocationContext and the payload the host would hand over (the
 * host itself is not run here: see the README for what only it shows).
 */
import type { QueueClient } from '@azure/storage-queue';
import { makeReconcilePoison } from '../../functions/reconcilePoison.js';
import { makeReconcileQueue } from '../../functions/reconcileQueue.js';
import { makeReconcileTimer } from '../../functions/reconcileTimer.js';
import { createRuntime, type AppRuntime } from '../../lib/app/runtime.js';
import { parseSettings } from '../../lib/config.js';
import { storageWorkQueue } from '../../lib/fanout/queue.js';
import { shardOf } from '../../lib/shard/shard.js';
import { admin, createDeployment, createScaling, getReplicas } from '../../tools/admin.js';
import { startAzuriteQueue, type AzuriteQueue } from '../../tools/azurite.js';
import { startMetricServer, type MetricServer } from '../../tools/metricServer.js';
import { FakeKube } from '../support/fakeKube.js';
import { invocation as context, timerTick } from '../support/builders/functions.js';
import { describeIfCluster, useControlPlane } from '../harness/controlPlane.js';
import { setUpCluster } from '../support/builders/cluster.js';

const NAMES = Array.from({ length: 8 }, (_, i) => `web-${i}`);
const inShard0 = NAMES.filter((n) => shardOf(n, 2) === 0);

const timer = timerTick();

/** Every message on the queue (it holds at most 32 here), removed, as the host would parse it. */
async function drain(queue: QueueClient) {
  const { receivedMessageItems: items } = await queue.receiveMessages({ numberOfMessages: 32 });
  for (const m of items) await queue.deleteMessage(m.messageId, m.popReceipt);
  return items.map((m) => ({
    body: JSON.parse(Buffer.from(m.messageText, 'base64').toString('utf8')) as {
      cluster: string;
      shard: { index: number; count: number };
      expiresAt: string;
    },
    ttlMs: m.expiresOn.getTime() - m.insertedOn.getTime(),
  }));
}

describeIfCluster('queue fan-out on Azurite and a real API server', () => {
  const cp = useControlPlane();
  let azurite: AzuriteQueue;
  let metrics: MetricServer;

  beforeAll(async () => {
    azurite = await startAzuriteQueue();
    metrics = await startMetricServer({ value: () => 1000 });
    const c = cp();
    await setUpCluster(c, { namespaces: ['shop'], leaseNamespace: true }); // LEASE_NAMESPACE
    for (const name of NAMES) {
      await createDeployment(c, 'shop', name, 2);
      await createScaling(c, {
        metadata: { name },
        spec: {
          targetDeployment: name,
          targetNamespace: 'shop',
          metricSource: `${metrics.baseUrl}/users`,
          scaleThresholds: { minUsers: 100, maxUsers: 1000, minReplicas: 2, maxReplicas: 10 },
        },
      });
    }
  }, 120_000);
  afterAll(async () => {
    await metrics?.close();
    await azurite?.stop();
  });

  const env = (queue: string) => ({
    FANOUT: 'queue',
    SHARDS: '2',
    WORK_QUEUE: queue,
    WorkQueue__queueServiceUri: azurite.serviceUri,
    METRIC_ALLOWED_NETWORKS: '127.0.0.0/8',
  });
  const realRuntime = (queue: string): AppRuntime =>
    createRuntime(parseSettings(env(queue)), { kubeconfig: cp().kubeconfig('admin') });
  async function openQueue(name: string) {
    const client = azurite.queueClient(name);
    await client.createIfNotExists();
    return client;
  }

  it('the timer enqueues exactly clusters × shards messages with the TTL, then returns', async () => {
    const client = await openQueue('tick-fleet');
    const settings = parseSettings({ ...env('tick-fleet'), SHARDS: '4' });
    const spec = {
      targetDeployment: 'web',
      metricSource: `${metrics.baseUrl}/users`,
      scaleThresholds: { minUsers: 100, maxUsers: 1000, minReplicas: 2, maxReplicas: 10 },
    };
    const clusters = ['rg/aks-a', 'rg/aks-b', 'rg/aks-c'].map((cluster) => ({
      cluster,
      kube: new FakeKube().addWorkload('Deployment', 'default', 'web', 2).addScaling('web', spec),
    }));
    const { ctx, logs } = context();
    await makeReconcileTimer(
      () => ({ settings, clusters }),
      () => storageWorkQueue(client),
    )(timer, ctx);

    const got = await drain(client);
    expect(got).toHaveLength(12); // 3 clusters × 4 shards
    const keys = got.map((m) => `${m.body.cluster}#${m.body.shard.index}/${m.body.shard.count}`);
    expect(new Set(keys).size).toBe(12);
    for (const m of got) expect(m.ttlMs).toBe(30_000);
    expect(await drain(client)).toHaveLength(0);
    expect(logs.map(([, l]) => l)).toEqual([
      'enqueued 12/12 work messages on tick-fleet (3 clusters × 4 shards, ttl 30 s)',
    ]);
    // Nothing was reconciled in the timer.
    expect(clusters.every((c) => c.kube.writes.length === 0)).toBe(true);
  });

  it('the queue handler reconciles its shard of the real cluster, and only that shard', async () => {
    const client = await openQueue('work-real');
    const runtime = realRuntime('work-real');
    await makeReconcileTimer(
      () => runtime,
      () => storageWorkQueue(client),
    )(timer, context().ctx);
    const messages = await drain(client);
    expect(messages.map((m) => m.body.shard.index).sort()).toEqual([0, 1]);
    expect(inShard0.length).toBeGreaterThan(0);
    expect(inShard0.length).toBeLessThan(NAMES.length);

    const handle = makeReconcileQueue(() => runtime);
    const shard0 = messages.find((m) => m.body.shard.index === 0)!.body;
    const { ctx, logs } = context();
    await handle(shard0, ctx);
    for (const name of NAMES) {
      const { spec } = await getReplicas(cp(), 'Deployment', 'shop', name);
      expect([name, spec]).toEqual([name, inShard0.includes(name) ? 10 : 2]);
    }
    const summary = logs.filter(([, l]) => l.startsWith('reconciled '));
    expect(summary).toHaveLength(1);
    expect(summary[0]![1]).toContain(`reconciled ${inShard0.length} BusinessScaling`);

    const shard1 = messages.find((m) => m.body.shard.index === 1)!.body;
    await handle(JSON.stringify(shard1), context().ctx); // a string payload works as well
    for (const name of NAMES) {
      expect((await getReplicas(cp(), 'Deployment', 'shop', name)).spec).toBe(10);
    }
  });

  it.each<[string, (m: object) => unknown, RegExp]>([
    ['malformed (not JSON)', () => '{"v":1, "cluster":', /"reason":"not JSON"/],
    [
      'stale (expired)',
      (m) => ({ ...m, expiresAt: new Date(Date.now() - 1000).toISOString() }),
      /"reason":"stale: expired at /,
    ],
    ['for an unknown cluster', (m) => ({ ...m, cluster: 'rg/gone' }), /unknown cluster 'rg\/gone'/],
    [
      'with another shard count',
      (m) => ({ ...m, shard: { index: 0, count: 3 } }),
      /shard count 3 is not SHARDS=2/,
    ],
  ])('a message %s is dropped with one line, and nothing runs', async (_, edit, reason) => {
    const client = await openQueue('work-drop');
    const runtime = realRuntime('work-drop');
    await makeReconcileTimer(
      () => runtime,
      () => storageWorkQueue(client),
    )(timer, context().ctx);
    const [first] = await drain(client);
    await drain(client);
    const { ctx, logs } = context();
    await expect(makeReconcileQueue(() => runtime)(edit(first!.body), ctx)).resolves.toBe(
      undefined,
    );
    expect(logs).toHaveLength(1);
    expect(logs[0]![0]).toBe('warning');
    expect(logs[0]![1]).toMatch(/^businessScalerWorkDropped \{"queue":"work-drop","reason":/);
    expect(logs[0]![1]).toMatch(reason);
  });

  it('a poisoned message is logged once and removed (the handler completes)', async () => {
    const { ctx, logs } = context();
    const runtime = realRuntime('work-poison');
    const message = { v: 1, cluster: 'default', shard: { index: 1, count: 2 } };
    const stale = { ...message, tick: '2026-11-25T10:00:00Z', expiresAt: '2026-11-25T10:00:30Z' };
    await makeReconcilePoison(() => runtime)(stale, ctx);
    expect(logs.map(([, l]) => l)).toEqual([
      'businessScalerWorkDropped {"queue":"work-poison-poison","reason":"poisoned (failed in the host): cluster=default shard=1/2 tick=2026-11-25T10:00:00Z"}',
    ]);
  });

  // The lease (lib/lease) is taken inside the run for `{ shard }`: a run that finds its shard's
  // lease held reads and writes nothing, and its summary line is `skipped: lease <ns/name> held by …`.
  it('two handlers for the same shard at once: one writes, one reports skipped', async () => {
    const { apps } = admin(cp());
    for (const name of inShard0) {
      await apps.replaceNamespacedDeploymentScale({
        name,
        namespace: 'shop',
        body: { metadata: { name, namespace: 'shop' }, spec: { replicas: 2 } },
      });
    }
    const runtime = realRuntime('work-twice');
    const payload = {
      v: 1,
      cluster: 'default',
      shard: { index: 0, count: 2 },
      tick: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 30_000).toISOString(),
    };
    const [a, b] = [context(), context()];
    const handle = makeReconcileQueue(() => runtime);
    await Promise.all([handle(payload, a.ctx), handle(payload, b.ctx)]);
    const wrote = [a, b].filter(({ logs }) => logs.some(([, l]) => / action=scaled /.test(l)));
    const skipped = [a, b].filter(({ logs }) =>
      logs.some(([, l]) => /skipped: lease \S+ held by /.test(l)),
    );
    expect([wrote.length, skipped.length]).toEqual([1, 1]);
    expect(wrote[0]).not.toBe(skipped[0]);
    expect(skipped[0]!.logs.some(([, l]) => l.startsWith('cr='))).toBe(false);
    for (const name of inShard0) {
      expect((await getReplicas(cp(), 'Deployment', 'shop', name)).spec).toBe(10);
    }
  });
});
