/**
 * The reconciler end to end on a real kube-apiserver (started from KUBEBUILDER_ASSETS) with
 * real metric servers on 127.0.0.1: no fake anywhere on the path.
 */
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { loadKubeConfig, type RequestCounters } from '../../lib/kube/client.js';
import {
  createDeployment,
  createScaling,
  createStatefulSet,
  getScaling,
  listEvents,
} from '../../tools/admin.js';
import { json, type Answer } from '../../tools/metricServer.js';
import { describeIfCluster } from '../harness/controlPlane.js';
import { applyRbac, useCluster } from '../support/builders/cluster.js';
import { fullSpec, originalSpec as original } from '../support/builders/resources.js';
import { conditionOf, freshPort, replicasOf, runFresh } from '../support/builders/runs.js';
import { useMetricServer } from '../support/builders/servers.js';
import { recordForbidden } from '../support/forbidden.js';

/** Metric answers the test changes: `/users/<key>` → values[key], plus three failure paths. */
const answerFrom =
  (values: Map<string, number>) =>
  (p: string): Answer => {
    if (p === '/slow') return 'no-answer'; // the reader's timeout must fire
    if (p === '/500') return { status: 500, body: 'internal error: stack trace here' };
    if (p === '/garbage') return { status: 200, body: '<html>not json</html>' };
    const value = values.get(p.replace('/users/', ''));
    return json({ active_users: value, data: { orders: value } });
  };

describeIfCluster('reconciler on a real API server', () => {
  const cp = useCluster({ namespaces: ['shop'], leaseNamespace: true });
  const values = new Map<string, number>();
  const metrics = useMetricServer({ answer: answerFrom(values) });
  let counters: RequestCounters;
  /** The 403s of the last run (the run only warns about some of them). */
  let forbidden: string[] = [];

  const run = (dryRun = false, user: 'admin' | 'scaler' = 'admin', now?: () => Date) => {
    counters = { byVerb: {} };
    const recorder = recordForbidden(freshPort(cp(), user, { counters }));
    forbidden = recorder.forbidden;
    return runFresh(cp(), { kube: recorder.kube, env: { METRIC_TIMEOUT_MS: '500' }, now, dryRun });
  };
  const replicas = (kind: 'Deployment' | 'StatefulSet', name: string) =>
    replicasOf(cp(), 'shop', name, kind);
  const ready = (name: string) => conditionOf(cp(), name, 'Ready');

  it('scales a Deployment to the original formula at several user counts', async () => {
    await createDeployment(cp(), 'shop', 'web', 1);
    await createScaling(cp(), {
      metadata: { name: 'web' },
      spec: original('web', `${metrics().baseUrl}/users/web`),
    });
    // [users, replicas]: below min → 2; trunc(350/900*8+2)=5; trunc(800/900*8+2)=9; above → 10
    for (const [users, want] of [
      [50, 2],
      [450, 5],
      [900, 9],
      [5000, 10],
      [100, 2],
    ] as const) {
      values.set('web', users);
      await run();
      expect(await replicas('Deployment', 'web')).toBe(want);
    }
    const status = (await getScaling(cp(), 'web')).status;
    expect(status).toMatchObject({
      currentReplicas: 2,
      desiredReplicas: 2,
      target: 'Deployment/shop/web',
    });
    expect(status?.currentMetrics).toEqual([{ name: 'active_users', value: 100 }]);
    const events = (await listEvents(cp(), 'default')).filter(
      (e) => e.involvedObject.name === 'web',
    );
    expect(events.map((e) => e.reason)).toContain('SuccessfulRescale');
  });

  it('scales a StatefulSet from a full-form resource (AverageValue)', async () => {
    await createStatefulSet(cp(), 'shop', 'db', 1);
    values.set('db', 430);
    await createScaling(cp(), {
      metadata: { name: 'db' },
      spec: fullSpec({
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        name: 'db',
        maxReplicas: 8,
        url: `${metrics().baseUrl}/users/db`,
        valuePath: 'data.orders',
      }),
    });
    const report = await run();
    // ceil(430/100) = 5, capped at max(2 × 1, 4) = 4: no behavior is the HPA's legacy path
    expect(await replicas('StatefulSet', 'db')).toBe(4);
    expect(report.resources.find((r) => r.name === 'db')).toMatchObject({
      action: 'scaled',
      reason: 'SuccessfulRescale',
      message: 'New size: 4; reason: orders above target',
    });
  });

  it('reports an invalid resource while a valid one beside it still scales', async () => {
    await createDeployment(cp(), 'shop', 'api', 1);
    values.set('api', 1000);
    await createScaling(cp(), {
      metadata: { name: 'api' },
      spec: original('api', `${metrics().baseUrl}/users/api`),
    });
    const bad = original('api', `${metrics().baseUrl}/users/api`);
    await createScaling(cp(), {
      metadata: { name: 'bad' },
      spec: { ...bad, scaleThresholds: { ...bad.scaleThresholds, minUsers: 2000 } },
    });
    const report = await run();
    expect(report.resources.find((r) => r.name === 'bad')).toMatchObject({ action: 'invalid' });
    expect(await ready('bad')).toMatchObject({ status: 'False', reason: 'InvalidSpec' });
    expect(await replicas('Deployment', 'api')).toBe(10);
  });

  it('lets the API server reject structurally bad objects', async () => {
    const spec = {
      ...original('x', `${metrics().baseUrl}/u`),
      scaleThresholds: { minUsers: 'many' },
    };
    await expect(createScaling(cp(), { metadata: { name: 'rejected' }, spec })).rejects.toThrow();
  });

  it.each([
    ['timeout', '/slow', 'FailedGetMetric'],
    ['HTTP 500', '/500', 'FailedGetMetric'],
    ['garbage body', '/garbage', 'FailedGetMetric'],
  ])('metric %s → replicas unchanged, Ready=False %s', async (_, path, reason) => {
    const name = `m${path.replace('/', '')}`;
    await createDeployment(cp(), 'shop', name, 3);
    await createScaling(cp(), {
      metadata: { name },
      spec: original(name, `${metrics().baseUrl}${path}?key=s3cret`),
    });
    const report = await run();
    expect(await replicas('Deployment', name)).toBe(3);
    const cond = await ready(name);
    expect(cond).toMatchObject({ status: 'False', reason });
    expect(report.resources.find((r) => r.name === name)).toMatchObject({ action: 'held' });
    const everything = JSON.stringify([
      report,
      (await getScaling(cp(), name)).status,
      await listEvents(cp(), 'default'),
    ]);
    expect(everything).not.toContain('s3cret');
    expect(everything).not.toContain('stack trace');
  });

  it('a missing target → TargetNotFound, nothing else disturbed', async () => {
    values.set('ghost', 1000);
    await createScaling(cp(), {
      metadata: { name: 'ghost' },
      spec: original('ghost', `${metrics().baseUrl}/users/ghost`),
    });
    const report = await run();
    expect(report.resources.find((r) => r.name === 'ghost')).toMatchObject({
      action: 'error',
      reason: 'TargetNotFound',
    });
    expect(await ready('ghost')).toMatchObject({ status: 'False', reason: 'TargetNotFound' });
  });

  it('runs with unchanged metrics write nothing but their lease, with behavior too', async () => {
    // `calm` has a 60 s down window; `db` (full form, no behavior) the HPA's 300 s legacy one.
    await createDeployment(cp(), 'shop', 'calm', 2);
    values.set('calm', 180);
    await createScaling(cp(), {
      metadata: { name: 'calm' },
      spec: fullSpec(
        {
          apiVersion: 'apps/v1',
          name: 'calm',
          maxReplicas: 10,
          url: `${metrics().baseUrl}/users/calm`,
          valuePath: 'data.orders',
        },
        { behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } },
      ),
    });
    const t0 = Math.floor(Date.now() / 1000) * 1000;
    const at = (s: number) => () => new Date(t0 + s * 1000);
    await run(false, 'admin', at(0)); // settles whatever earlier tests left
    for (const s of [90, 400]) {
      const report = await run(false, 'admin', at(s)); // past both windows
      const writes = Object.entries(counters.byVerb).filter(
        ([verb]) => !['GET', 'LIST'].includes(verb),
      );
      expect(writes).toEqual([['PUT', 2]]); // the shard lease: taken, released
      expect(report.summary.scaled).toBe(0);
    }
    const stood = (await getScaling(cp(), 'calm')).status;
    expect(stood?.recordedAt).toBe(new Date(t0).toISOString().replace('.000Z', 'Z'));
    expect(stood?.history?.recommendations).toEqual([{ time: t0 / 1000, replicas: 2 }]);

    // Down to 1: the HPA holds 2 for 60 s after the last run that recommended it (t0 + 400),
    // not after t0 (when status was last written) nor after this run.
    values.set('calm', 50);
    await run(false, 'admin', at(430));
    expect(await replicas('Deployment', 'calm')).toBe(2);
    const held = (await getScaling(cp(), 'calm')).status?.history?.recommendations;
    expect(held).toEqual([
      { time: t0 / 1000 + 400, replicas: 2 },
      { time: t0 / 1000 + 430, replicas: 1 },
    ]);
    await run(false, 'admin', at(461));
    expect(await replicas('Deployment', 'calm')).toBe(1);
  });

  it('dry run changes nothing', async () => {
    values.set('web', 5000);
    const report = await run(true);
    expect(report.resources.find((r) => r.name === 'web')).toMatchObject({
      action: 'scaled',
      desiredReplicas: 10,
    });
    expect(await replicas('Deployment', 'web')).toBe(2);
    expect(Object.keys(counters.byVerb).filter((v) => !['GET', 'LIST'].includes(v))).toEqual([]);
  });

  it('works as the identity bound by crds/rbac.yaml, which cannot delete workloads or read Secrets', async () => {
    await applyRbac(cp());
    values.set('web', 5000);
    const report = await run(false, 'scaler');
    expect(forbidden).toEqual([]); // every call of the run is granted by the table
    expect(report.resources.find((r) => r.name === 'web')).toMatchObject({ action: 'scaled' });
    expect(await replicas('Deployment', 'web')).toBe(10);
    expect(await ready('web')).toMatchObject({ status: 'True' });
    const kc = loadKubeConfig({ kubeconfig: cp().kubeconfig('scaler') });
    const apps = kc.makeApiClient(AppsV1Api);
    const core = kc.makeApiClient(CoreV1Api);
    const denied = async (p: Promise<unknown>) =>
      ((await p.catch((e: { code?: number }) => e)) as { code?: number }).code;
    expect(await denied(apps.deleteNamespacedDeployment({ name: 'web', namespace: 'shop' }))).toBe(
      403,
    );
    expect(await denied(core.listNamespacedSecret({ namespace: 'shop' }))).toBe(403);
    expect(await denied(core.readNamespacedSecret({ name: 'any', namespace: 'default' }))).toBe(
      403,
    );
  });
});
