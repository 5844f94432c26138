/**
 * `npm run demo` against a user's cluster: the user's objects (a BusinessScaling named `shop`,
 * Deployment default/my-app at 7 replicas, a BusinessScaling scaling it) come out byte for byte
 * the same, resourceVersion included; the demo's own objects are gone afterwards; a name
 * collision stops it instead of adopting; without consent it writes nothing.
 */
import { buildCrd } from '../../lib/spec/schema.js';
import { GROUP, PLURAL, VERSION } from '../../lib/spec/types.js';
import { runDemo } from '../../scripts/demoRun.js';
import { newDemoRun, RUN_LABEL } from '../../scripts/demoScenario.js';
import { admin, applyCrd, createDeployment, createScaling } from '../../tools/admin.js';
import { startMetricServer, type MetricServer } from '../../tools/metricServer.js';
import { describeIfCluster, useControlPlane } from '../harness/controlPlane.js';

describeIfCluster('npm run demo on a user cluster', () => {
  const cp = useControlPlane();
  let metrics: MetricServer;
  const original = (target: string, url: string) => ({
    targetDeployment: target,
    targetNamespace: 'default',
    metricSource: url,
    scaleThresholds: { minUsers: 100, maxUsers: 1000, minReplicas: 1, maxReplicas: 10 },
  });

  beforeAll(async () => {
    metrics = await startMetricServer({ value: () => 200 }); // would mean 2 replicas
    await applyCrd(cp(), buildCrd());
    await createDeployment(cp(), 'default', 'my-app', 7);
    await createScaling(cp(), {
      metadata: { name: 'shop' },
      spec: original('shop', `${metrics.baseUrl}/users`),
    });
    await createScaling(cp(), {
      metadata: { name: 'my-app-scaling' },
      spec: original('my-app', `${metrics.baseUrl}/users`),
    });
  });
  afterAll(() => metrics.close());

  /** The user's objects as the API server serves them, serialised. */
  async function userObjects(): Promise<string[]> {
    const c = admin(cp());
    const scaling = (name: string) =>
      c.custom.getClusterCustomObject({ group: GROUP, version: VERSION, plural: PLURAL, name });
    return [
      JSON.stringify(await scaling('shop')),
      JSON.stringify(await scaling('my-app-scaling')),
      JSON.stringify(
        await c.apps.readNamespacedDeployment({ namespace: 'default', name: 'my-app' }),
      ),
      JSON.stringify(await c.core.readNamespace({ name: 'default' })),
    ];
  }

  async function demoLeftovers(): Promise<string[]> {
    const c = admin(cp());
    const labelSelector = RUN_LABEL;
    const ns = await c.core.listNamespace({ labelSelector });
    const list = (await c.custom.listClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: PLURAL,
      labelSelector,
    })) as { items: { metadata: { name: string } }[] };
    const live = ns.items.filter((n) => n.status?.phase !== 'Terminating');
    return [...live.map((n) => n.metadata!.name!), ...list.items.map((o) => o.metadata.name)];
  }

  it('runs, scales its own resources, and leaves every user object byte for byte as it was', async () => {
    const before = await userObjects();
    const lines: string[] = [];
    const code = await runDemo(
      { seconds: 3, everyMs: 1000, yes: true, kubeconfig: cp().kubeconfig('admin') },
      (l = '') => lines.push(l),
    );
    expect(code).toBe(0);
    expect(lines.join('\n')).toContain('It creates namespace');
    expect(lines.join('\n')).toMatch(/ → /); // it did scale (its own Deployments)
    expect(await userObjects()).toEqual(before);
    expect(await demoLeftovers()).toEqual([]);
    expect(metrics.requests()).toBe(0); // the user's metric endpoint was never even read
  }, 60_000);

  it('stops on a name that already exists instead of adopting it, and deletes nothing of it', async () => {
    const run = newDemoRun('c0ffee');
    await admin(cp()).core.createNamespace({ body: { metadata: { name: run.namespace } } });
    const read = async () =>
      JSON.stringify(await admin(cp()).core.readNamespace({ name: run.namespace }));
    const before = await read();
    const lines: string[] = [];
    const code = await runDemo(
      { seconds: 3, everyMs: 1000, yes: true, kubeconfig: cp().kubeconfig('admin'), run },
      (l = '') => lines.push(l),
    );
    expect(code).toBe(1);
    expect(lines.join('\n')).toContain(
      `namespace ${run.namespace} already exists: the demo only uses objects it creates`,
    );
    expect(await read()).toEqual(before);
  }, 60_000);

  it('without --yes and without a terminal, it explains and writes nothing', async () => {
    const before = await userObjects();
    const lines: string[] = [];
    const code = await runDemo(
      { seconds: 3, everyMs: 1000, yes: false, kubeconfig: cp().kubeconfig('admin') },
      (l = '') => lines.push(l),
    );
    expect(code).toBe(2);
    expect(lines.join('\n')).toContain('npm run demo -- --yes');
    expect(await demoLeftovers()).toEqual([]);
    expect(await userObjects()).toEqual(before);
  });
});
