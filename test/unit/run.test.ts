/** The run against the in-memory fake of our KubePort and an injected metric fetch. */
import { parseSettings } from '../../lib/config.js';
import { reconcileAll, type RunDeps } from '../../lib/reconcile/run.js';
import type { BodyResult } from '../../lib/metrics/types.js';
import { FakeKube } from '../support/fakeKube.js';
import { collectLines } from '../support/builders/runs.js';
import { shardOf } from '../../lib/shard/shard.js';

const NOW = new Date('2026-11-25T10:00:00Z');

const original = (name: string, url: string) => ({
  targetDeployment: name,
  metricSource: url,
  scaleThresholds: { minUsers: 100, maxUsers: 1000, minReplicas: 2, maxReplicas: 10 },
});

function setup(bodies: Record<string, BodyResult>) {
  const kube = new FakeKube();
  const fetched: string[] = [];
  const { lines, log } = collectLines();
  const deps: RunDeps = {
    kube,
    settings: parseSettings({ METRIC_ALLOWED_NETWORKS: '127.0.0.0/8' }),
    now: () => NOW,
    log,
    fetchBody: (url) => {
      fetched.push(url);
      return Promise.resolve(
        bodies[url] ?? { ok: false, kind: 'network', message: 'no such host' },
      );
    },
  };
  return { kube, deps, fetched, lines };
}

const users = (n: number): BodyResult => ({ ok: true, body: { active_users: n } });

describe('reconcileAll', () => {
  it.each([
    [50, 2], // below minUsers → minReplicas
    [450, 5], // trunc((450-100)/900*8+2) = trunc(5.11)
    [1000, 10], // == maxUsers → formula gives 10
    [5000, 10], // above maxUsers → maxReplicas
  ])('original form: %i users → %i replicas', async (n, want) => {
    const { kube, deps } = setup({ 'http://m/u': users(n) });
    kube
      .addWorkload('Deployment', 'default', 'web', 3)
      .addScaling('web', original('web', 'http://m/u'));
    const report = await reconcileAll(deps);
    expect(kube.replicas('Deployment', 'default', 'web')).toBe(want);
    expect(report.resources[0]).toMatchObject({ name: 'web', desiredReplicas: want });
  });

  it('an invalid resource is reported while a valid one beside it still scales', async () => {
    const { kube, deps } = setup({ 'http://m/u': users(1000) });
    kube
      .addWorkload('Deployment', 'default', 'web', 2)
      .addScaling('web', original('web', 'http://m/u'));
    kube.addScaling('bad', { targetDeployment: 'x', metricSource: 'http://m/u' });
    const report = await reconcileAll(deps);
    expect(kube.replicas('Deployment', 'default', 'web')).toBe(10);
    const bad = report.resources.find((r) => r.name === 'bad');
    expect(bad).toMatchObject({ action: 'invalid', reason: 'InvalidSpec' });
    const ready = kube.scalings.get('bad')?.status?.conditions?.find((c) => c.type === 'Ready');
    expect(ready).toMatchObject({ status: 'False', reason: 'InvalidSpec' });
    expect(kube.events('bad')).toEqual([
      expect.objectContaining({ type: 'Warning', reason: 'InvalidSpec' }),
    ]);
    expect(report.summary).toMatchObject({ seen: 2, scaled: 1, invalid: 1 });
  });

  it.each([
    ['timeout', { ok: false, kind: 'timeout', message: 'm/u: timed out after 5000 ms' }],
    ['http', { ok: false, kind: 'http', message: 'm/u: HTTP 500' }],
    ['garbage', { ok: true, body: { active_users: 'abc' } }],
  ] as [string, BodyResult][])(
    'metric %s: replicas held, FailedGetMetric, one event over two runs',
    async (_, body) => {
      const { kube, deps } = setup({ 'http://m/u': body });
      kube
        .addWorkload('Deployment', 'default', 'web', 3)
        .addScaling('web', original('web', 'http://m/u'));
      const first = await reconcileAll(deps);
      expect(first.resources[0]).toMatchObject({
        action: 'held',
        currentReplicas: 3,
        desiredReplicas: 3,
      });
      expect(kube.replicas('Deployment', 'default', 'web')).toBe(3);
      const ready = kube.scalings.get('web')?.status?.conditions?.find((c) => c.type === 'Ready');
      expect(ready).toMatchObject({ status: 'False', reason: 'FailedGetMetric' });
      const writes = kube.writes.length;
      await reconcileAll(deps);
      expect(kube.writes.length).toBe(writes); // same failure: no new status, no new event
      expect(kube.events('web')).toHaveLength(1);
    },
  );

  it.each([
    [404, 'getScale', 'TargetNotFound'],
    [403, 'getScale', 'FailedGetScale'],
    [409, 'patchScale', 'FailedRescale'],
    [429, 'patchScale', 'FailedRescale'],
  ] as const)(
    'API %i on %s → %s, replicas unchanged, others still scale',
    async (code, method, reason) => {
      const { kube, deps } = setup({ 'http://m/u': users(1000) });
      kube
        .addWorkload('Deployment', 'default', 'a', 2)
        .addScaling('a', original('a', 'http://m/u'));
      kube
        .addWorkload('Deployment', 'default', 'b', 2)
        .addScaling('b', original('b', 'http://m/u'));
      kube.failNext(method, code, 'default/a');
      // One 409 on /scale is read again and decided again once: the second one is the error.
      if (code === 409) kube.failNext(method, code, 'default/a');
      const report = await reconcileAll(deps);
      expect(report.resources.find((r) => r.name === 'a')).toMatchObject({
        action: 'error',
        reason,
      });
      expect(kube.replicas('Deployment', 'default', 'a')).toBe(2);
      expect(kube.replicas('Deployment', 'default', 'b')).toBe(10);
      const ready = kube.scalings.get('a')?.status?.conditions?.find((c) => c.type === 'Ready');
      expect(ready).toMatchObject({ status: 'False', reason });
    },
  );

  it('a second run with unchanged metrics writes nothing', async () => {
    const { kube, deps } = setup({ 'http://m/u': users(450) });
    kube
      .addWorkload('Deployment', 'default', 'web', 2)
      .addScaling('web', original('web', 'http://m/u'));
    await reconcileAll(deps);
    expect(kube.writes.map((w) => w.op).sort()).toEqual([
      'createEvent',
      'patchScale',
      'patchStatus',
    ]);
    const before = kube.writes.length;
    const second = await reconcileAll(deps);
    expect(kube.writes.length).toBe(before);
    expect(second.resources[0]).toMatchObject({ action: 'unchanged', desiredReplicas: 5 });
  });

  it('dry run decides but writes nothing', async () => {
    const { kube, deps } = setup({ 'http://m/u': users(1000) });
    kube
      .addWorkload('Deployment', 'default', 'web', 2)
      .addScaling('web', original('web', 'http://m/u'));
    const report = await reconcileAll(deps, { dryRun: true });
    expect(kube.writes).toEqual([]);
    expect(report.resources[0]).toMatchObject({ action: 'scaled', desiredReplicas: 10 });
    expect(report.resources[0]?.message).toMatch(/^dry run/);
  });

  it('fetches an identical URL once per run and honours --name', async () => {
    const { kube, deps, fetched } = setup({ 'http://m/u': users(450) });
    for (const n of ['a', 'b', 'c']) {
      kube.addWorkload('Deployment', 'default', n, 2).addScaling(n, original(n, 'http://m/u'));
    }
    await reconcileAll(deps);
    expect(fetched).toEqual(['http://m/u']);
    const only = await reconcileAll(deps, { name: 'b' });
    expect(only.resources.map((r) => r.name)).toEqual(['b']);
  });

  it('a failed list fails the run', async () => {
    const { kube, deps } = setup({});
    kube.failNext('listScalings', 401);
    await expect(reconcileAll(deps)).rejects.toThrow(/401/);
  });

  it('a failed status write (the record) is an error and nothing is scaled', async () => {
    const { kube, deps } = setup({ 'http://m/u': users(1000) });
    kube
      .addWorkload('Deployment', 'default', 'web', 2)
      .addScaling('web', original('web', 'http://m/u'));
    kube.failNext('patchStatus', 503);
    const report = await reconcileAll(deps);
    expect(report.resources[0]).toMatchObject({ action: 'error', reason: 'FailedUpdateStatus' });
    expect(report.resources[0]?.message).toMatch(/503/);
    expect(kube.replicas('Deployment', 'default', 'web')).toBe(2);
    expect(kube.writes.map((w) => w.op)).toEqual(['createEvent']);
    expect(kube.events('web')[0]).toMatchObject({ type: 'Warning', reason: 'FailedUpdateStatus' });
  });
});

describe('reconcileAll with a shard', () => {
  it('covers only its shard, while conflicts still span every shard', async () => {
    const { kube, deps } = setup({ 'http://m/u': users(1000) });
    const names = Array.from({ length: 12 }, (_, i) => `app-${i}`);
    for (const name of names) {
      kube
        .addWorkload('Deployment', 'default', name, 2)
        .addScaling(name, original(name, 'http://m/u'));
    }
    // Two claimants of app-0's workload in different shards: the newer one is held either way.
    const rival = names
      .map((_, i) => `rival-${i}`)
      .find((n) => shardOf(n, 3) !== shardOf('app-0', 3))!;
    kube.addScaling(rival, original('app-0', 'http://m/u'));
    const seen = new Set<string>();
    for (let index = 0; index < 3; index++) {
      const report = await reconcileAll(deps, { shard: { index, count: 3 } });
      for (const r of report.resources) {
        expect(shardOf(r.name, 3)).toBe(index);
        seen.add(r.name);
        if (r.name === rival) expect(r).toMatchObject({ action: 'held', reason: 'Conflict' });
      }
    }
    expect([...seen].sort()).toEqual([...names, rival].sort());
  });
});
