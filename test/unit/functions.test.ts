/** The Functions handlers, called directly (no host): timer and HTTP, on the fake port and a real metric server. */
import { HttpRequest } from '@azure/functions';
import { makeReconcileHttp } from '../../functions/reconcileHttp.js';
import { makeReconcileTimer } from '../../functions/reconcileTimer.js';
import type { Runtime } from '../../lib/app/runtime.js';
import { parseSettings } from '../../lib/config.js';
import { startMetricServer, type MetricServer } from '../../tools/metricServer.js';
import { FakeKube } from '../support/fakeKube.js';
import { invocation, timerTick } from '../support/builders/functions.js';

let server: MetricServer;
beforeAll(async () => {
  server = await startMetricServer({ value: () => 1000 });
});
afterAll(() => server.close());

function setup() {
  const kube = new FakeKube().addWorkload('Deployment', 'default', 'web', 2).addScaling('web', {
    targetDeployment: 'web',
    metricSource: `${server.baseUrl}/users?token=s3cret`,
    scaleThresholds: { minUsers: 100, maxUsers: 1000, minReplicas: 2, maxReplicas: 10 },
  });
  const runtime: Runtime = {
    kube,
    settings: parseSettings({ METRIC_ALLOWED_NETWORKS: '127.0.0.0/8' }),
  };
  const { ctx: context, logs } = invocation();
  return { kube, runtime, logs, context };
}

const timer = (isPastDue: boolean) =>
  timerTick({
    isPastDue,
    scheduleStatus: { last: '2026-11-25T10:00:00Z', next: '2026-11-25T10:00:30Z', lastUpdated: '' },
  });

const post = (query: string) =>
  new HttpRequest({ method: 'POST', url: `http://localhost:7071/api/reconcile${query}` });

describe('timer function', () => {
  it.each([false, true])('reconciles and logs one summary line (past due: %s)', async (pastDue) => {
    const { kube, runtime, logs, context } = setup();
    await makeReconcileTimer(() => runtime)(timer(pastDue), context);
    expect(kube.replicas('Deployment', 'default', 'web')).toBe(10);
    expect(logs.filter(([, l]) => l.startsWith('reconciled 1 BusinessScaling'))).toHaveLength(1);
    expect(logs.some(([level, l]) => level === 'warning' && l.includes('past due'))).toBe(pastDue);
    expect(JSON.stringify(logs)).not.toContain('s3cret');
  });

  it('a failed status write: a warning line and failedWrites in telemetry', async () => {
    const { kube, runtime, logs, context } = setup();
    kube.failNext('patchStatus', 503);
    await makeReconcileTimer(() => runtime)(timer(false), context);
    expect(kube.replicas('Deployment', 'default', 'web')).toBe(2);
    const warnings = logs.filter(([level]) => level === 'warning').map(([, l]) => l);
    expect(warnings).toContainEqual(expect.stringContaining('reason=FailedUpdateStatus'));
    expect(warnings).toContainEqual(
      expect.stringMatching(/^1 BusinessScaling\(s\) failed this run, 1 of them/),
    );
    const run = logs.map(([, l]) => l).find((l) => l.startsWith('businessScalerRun '));
    expect(JSON.parse(run!.slice(18))).toMatchObject({ failed: 1, failedWrites: 1 });
  });

  it('fails the invocation when the resources cannot be listed', async () => {
    const { kube, runtime, context } = setup();
    kube.failNext('listScalings', 403);
    await expect(makeReconcileTimer(() => runtime)(timer(false), context)).rejects.toThrow(/403/);
  });
});

describe('HTTP function', () => {
  it.each([
    ['', 200, 10, 'scaled'],
    ['?dryRun=true', 200, 2, 'scaled'],
    ['?dryRun', 200, 2, 'scaled'],
    ['?name=web&dryRun=1', 200, 2, 'scaled'],
  ])('POST /api/reconcile%s → %i, replicas %i', async (query, status, replicas, action) => {
    const { kube, runtime, context } = setup();
    const res = await makeReconcileHttp(() => runtime)(post(query), context);
    expect(res.status).toBe(status);
    expect(kube.replicas('Deployment', 'default', 'web')).toBe(replicas);
    const body = res.jsonBody as { resources: { action: string }[]; dryRun: boolean };
    expect(body.resources[0]?.action).toBe(action);
    expect(body.dryRun).toBe(query.includes('dryRun'));
    expect(JSON.stringify(res.jsonBody)).not.toContain('s3cret');
  });

  it.each([
    ['?dryRun=maybe', 400],
    ['?name=Not_A_Name', 400],
    ['?name=missing', 404],
  ])('POST /api/reconcile%s → %i', async (query, status) => {
    const { kube, runtime, context } = setup();
    const res = await makeReconcileHttp(() => runtime)(post(query), context);
    expect(res.status).toBe(status);
    expect(kube.replicas('Deployment', 'default', 'web')).toBe(2);
  });

  it('answers 503 with a safe message when the run cannot list', async () => {
    const { kube, runtime, context } = setup();
    kube.failNext('listScalings', 401);
    const res = await makeReconcileHttp(() => runtime)(post(''), context);
    expect(res.status).toBe(503);
    expect((res.jsonBody as { error: string }).error).toContain('401');
  });
});

describe('a shard lease held by another run', () => {
  const LEASE = 'business-scaling-system/business-scaler-shard-0-of-1';
  const held = (kube: FakeKube) =>
    kube.putLease(LEASE, {
      holderIdentity: 'other_7_beef',
      leaseDurationSeconds: 30,
      acquireTime: new Date(Date.now() - 60_000).toISOString(),
      renewTime: new Date().toISOString(),
      leaseTransitions: 0,
    });

  it('HTTP: 409 with the skipped report, nothing written; a dry run still answers 200', async () => {
    const { kube, runtime, context } = setup();
    held(kube);
    const res = await makeReconcileHttp(() => runtime)(post(''), context);
    expect(res.status).toBe(409);
    expect(res.jsonBody).toMatchObject({
      resources: [],
      skipped: { lease: LEASE, holder: 'other_7_beef' },
    });
    expect(kube.writes).toEqual([]);
    const dry = await makeReconcileHttp(() => runtime)(post('?dryRun=true'), context);
    expect(dry.status).toBe(200);
  });

  it('timer: one `skipped: lease …` line, no failure, nothing written', async () => {
    const { kube, runtime, logs, context } = setup();
    held(kube);
    await makeReconcileTimer(() => runtime)(timer(false), context);
    const run = logs.find(([, l]) => l.startsWith('businessScalerRun '))![1];
    expect(JSON.parse(run.slice('businessScalerRun '.length))).toMatchObject({
      leaseHeld: 1,
      leaseLost: 0,
      seen: 0,
    });
    const lines = logs.filter(([, l]) => !l.startsWith('businessScaler'));
    expect(lines).toEqual([
      [
        'information',
        expect.stringMatching(
          /^skipped: lease business-scaling-system\/business-scaler-shard-0-of-1 held by other_7_beef since \S+, expires \S+; nothing read or written$/,
        ),
      ],
    ]);
    expect(kube.writes).toEqual([]);
  });
});
