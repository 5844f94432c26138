/** A fleet run on in-memory clusters, the Functions on a fleet, and the telemetry lines. */
import { HttpRequest } from '@azure/functions';
import { makeReconcileHttp } from '../../functions/reconcileHttp.js';
import { makeReconcileTimer } from '../../functions/reconcileTimer.js';
import type { FleetRuntime } from '../../lib/app/runtime.js';
import { parseSettings } from '../../lib/config.js';
import { reconcileFleet, type FleetReport } from '../../lib/fleet/fleet.js';
import { CLUSTER_PREFIX, RUN_PREFIX } from '../../lib/telemetry/telemetry.js';
import { summarizeLatencies } from '../../lib/telemetry/latency.js';
import { startMetricServer, type MetricServer } from '../../tools/metricServer.js';
import { FakeKube } from '../support/fakeKube.js';
import { invocation, timerTick } from '../support/builders/functions.js';

let server: MetricServer;
let URL_WITH_SECRET: string;
beforeAll(async () => {
  server = await startMetricServer({ value: () => 1000 });
  URL_WITH_SECRET = `${server.baseUrl}/users?token=s3cret`;
});
afterAll(() => server.close());

function cluster(deployment: string) {
  return new FakeKube().addWorkload('Deployment', 'default', deployment, 2).addScaling(deployment, {
    targetDeployment: deployment,
    metricSource: URL_WITH_SECRET,
    scaleThresholds: { minUsers: 100, maxUsers: 1000, minReplicas: 2, maxReplicas: 10 },
  });
}

function fleet() {
  const a = cluster('web');
  const b = cluster('api');
  const c = cluster('db');
  const runtime: FleetRuntime = {
    settings: parseSettings({ METRIC_ALLOWED_NETWORKS: '127.0.0.0/8' }),
    clusters: [
      { cluster: 'rg/a', kube: a },
      { cluster: 'rg/b', kube: b },
      { cluster: 'rg/c', kube: c },
    ],
  };
  const { ctx: context, logs } = invocation();
  return { a, b, c, runtime, logs, context };
}

describe('reconcileFleet', () => {
  it('reports per cluster; a cluster that denies access does not affect the others', async () => {
    const { a, b, c, runtime } = fleet();
    b.failNext('listScalings', 403);
    const lines: string[] = [];
    const log = { info: (l: string) => lines.push(l), warn: (l: string) => lines.push(l) };
    const report = await reconcileFleet(runtime.clusters, {
      settings: runtime.settings,
      log,
    });
    expect(report.clusters.map((x) => [x.cluster, x.ok])).toEqual([
      ['rg/a', true],
      ['rg/b', false],
      ['rg/c', true],
    ]);
    expect(report.clusters[1]?.error).toMatch(/403/);
    expect([
      a.replicas('Deployment', 'default', 'web'),
      c.replicas('Deployment', 'default', 'db'),
    ]).toEqual([10, 10]);
    expect(b.replicas('Deployment', 'default', 'api')).toBe(2);
    // the RunReport part covers the clusters that ran: 2 resources, both scaled
    expect(report.summary).toMatchObject({ seen: 2, scaled: 2, error: 0 });
    expect(report.resources.map((r) => `${r.cluster}:${r.name}`)).toEqual(['rg/a:web', 'rg/c:db']);
    expect(lines).toContain('cluster=rg/b run failed: listScalings : 403');
    expect(lines.some((l) => l.startsWith('cluster=rg/a cr=web '))).toBe(true);
  });

  it('names an unexpected failure by its class only', async () => {
    const { runtime } = fleet();
    const broken = {
      ...runtime.clusters[0]!.kube,
      listScalings: () => Promise.reject(new TypeError('token=abc')),
    };
    const log = { info: () => {}, warn: () => {} };
    const report = await reconcileFleet([{ cluster: 'x', kube: broken }], {
      settings: runtime.settings,
      log,
    });
    expect(report.clusters[0]?.error).toBe('the run failed before reconciling (TypeError)');
  });
});

const timer = timerTick();
const post = () =>
  new HttpRequest({ method: 'POST', url: 'http://localhost/api/reconcile?dryRun=true' });

describe('Functions on a fleet', () => {
  it('HTTP: 200 with per-cluster entries when one cluster fails', async () => {
    const { b, runtime, context } = fleet();
    b.failNext('listScalings', 500);
    const res = await makeReconcileHttp(() => runtime)(post(), context);
    expect(res.status).toBe(200);
    const body = res.jsonBody as FleetReport;
    expect(body.clusters.filter((x) => !x.ok).map((x) => x.cluster)).toEqual(['rg/b']);
    expect(body.summary.seen).toBe(2);
  });

  it('HTTP: 503 naming every cluster when all fail', async () => {
    const { a, b, c, runtime, context } = fleet();
    for (const k of [a, b, c]) k.failNext('listScalings', 401);
    const res = await makeReconcileHttp(() => runtime)(post(), context);
    expect(res.status).toBe(503);
    expect((res.jsonBody as { error: string }).error).toMatch(
      /^every cluster failed: rg\/a: .*401.*rg\/b.*rg\/c/,
    );
  });

  it('timer: logs a fleet summary and telemetry; fails only when every cluster fails', async () => {
    const { a, b, c, runtime, logs, context } = fleet();
    b.failNext('listScalings', 403);
    await makeReconcileTimer(() => runtime)(timer, context);
    const text = logs.map(([, l]) => l);
    expect(text).toContainEqual(
      expect.stringMatching(
        /^reconciled 3 clusters \(1 failed: rg\/b\), 2 BusinessScalings in \d+ ms: scaled=2 /,
      ) as string,
    );
    const run = JSON.parse(
      text.find((l) => l.startsWith(RUN_PREFIX))!.slice(RUN_PREFIX.length),
    ) as Record<string, unknown>;
    expect(run).toMatchObject({
      clusters: 3,
      clustersFailed: 1,
      seen: 2,
      scaled: 2,
      failed: 0,
      metricFetches: 2,
    });
    // the two clusters that ran read the same URL once each (one MetricReader per cluster)
    const perCluster = text.filter((l) => l.startsWith(CLUSTER_PREFIX));
    expect(perCluster.map((l) => JSON.parse(l.slice(CLUSTER_PREFIX.length)) as unknown)).toEqual([
      {
        cluster: 'rg/a',
        ok: true,
        seen: 1,
        scaled: 1,
        unchanged: 0,
        held: 0,
        invalid: 0,
        error: 0,
        skipped: 0,
      },
      { cluster: 'rg/b', ok: false, failure: 'listScalings : 403' },
      {
        cluster: 'rg/c',
        ok: true,
        seen: 1,
        scaled: 1,
        unchanged: 0,
        held: 0,
        invalid: 0,
        error: 0,
        skipped: 0,
      },
    ]);
    expect(JSON.stringify(logs)).not.toContain('s3cret');
    for (const k of [a, b, c]) k.failNext('listScalings', 403);
    await expect(makeReconcileTimer(() => runtime)(timer, context)).rejects.toThrow(
      /every cluster failed/,
    );
  });
});

describe('summarizeLatencies', () => {
  it.each([
    [[], { count: 0, p50Ms: 0, p95Ms: 0, maxMs: 0 }],
    // nearest rank: p50 of 4 → 2nd (20), p95 → 4th (40)
    [[40, 10, 30, 20], { count: 4, p50Ms: 20, p95Ms: 40, maxMs: 40 }],
    // 20 samples 1..20: p50 → 10th, p95 → 19th
    [Array.from({ length: 20 }, (_, i) => i + 1), { count: 20, p50Ms: 10, p95Ms: 19, maxMs: 20 }],
    [[1.4, 2.6], { count: 2, p50Ms: 1, p95Ms: 3, maxMs: 3 }],
  ])('%j → %j', (samples, want) => expect(summarizeLatencies(samples)).toEqual(want));
});
