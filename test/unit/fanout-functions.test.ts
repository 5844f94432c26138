/**
 * The fan-out handlers on in-memory fakes of our own ports (FakeKube, a recording WorkQueue):
 * what the timer sends, how a send failure and a failed shard run are reported, and the
 * one-cluster selection of a fleet. The same paths on Azurite and a real API server are in
 * test/integration/fanout.test.ts.
 */
import { makeReconcileQueue } from '../../functions/reconcileQueue.js';
import { makeReconcileTimer } from '../../functions/reconcileTimer.js';
import {
  clusterNames,
  selectCluster,
  type AppRuntime,
  type FleetRuntime,
} from '../../lib/app/runtime.js';
import { parseSettings } from '../../lib/config.js';
import type { WorkQueue } from '../../lib/fanout/queue.js';
import { FakeKube } from '../support/fakeKube.js';
import { invocation as context, timerTick } from '../support/builders/functions.js';

const env = {
  FANOUT: 'queue',
  SHARDS: '3',
  WorkQueue__queueServiceUri: 'https://st.queue.core.windows.net',
};
const timer = timerTick();

function fleet(): FleetRuntime {
  return {
    settings: parseSettings(env),
    clusters: ['rg/a', 'rg/b'].map((cluster) => ({ cluster, kube: new FakeKube() })),
  };
}

/** Records what was sent; fails the sends whose number is in `failing` (1-based). */
function recordingQueue(failing: readonly number[] = []) {
  const sent: { message: string; ttl: number }[] = [];
  let count = 0;
  const queue: WorkQueue = {
    send: (message, ttl) => {
      count += 1;
      if (failing.includes(count)) {
        return Promise.reject(Object.assign(new Error('https://st/?sig=x'), { statusCode: 403 }));
      }
      sent.push({ message, ttl });
      return Promise.resolve();
    },
  };
  return { queue, sent };
}

describe('one cluster of a runtime', () => {
  const single: AppRuntime = { settings: parseSettings({}), kube: new FakeKube() };
  it.each<[string, AppRuntime, string, string[] | undefined]>([
    ['a fleet member', fleet(), 'rg/b', ['rg/b']],
    ['not a fleet member', fleet(), 'rg/c', undefined],
    ['the single cluster', single, 'default', []],
    ['another name on a single cluster', single, 'rg/a', undefined],
  ])('%s', (_, rt, name, members) => {
    const one = selectCluster(rt, name);
    if (members === undefined) return expect(one).toBeUndefined();
    expect(one).toBeDefined();
    if (members.length > 0) expect(clusterNames(one!)).toEqual(members);
    else expect(one).toBe(rt);
  });
});

describe('timer in FANOUT=queue', () => {
  it('sends clusters × shards messages with the TTL, reconciles nothing', async () => {
    const rt = fleet();
    const { queue, sent } = recordingQueue();
    const { ctx, logs } = context();
    await makeReconcileTimer(
      () => rt,
      () => queue,
    )(timer, ctx);
    expect(sent).toHaveLength(6); // 2 clusters × 3 shards
    expect(sent.every((s) => s.ttl === 30)).toBe(true);
    expect(logs).toEqual([
      [
        'information',
        'enqueued 6/6 work messages on reconcile-work (2 clusters × 3 shards, ttl 30 s)',
      ],
    ]);
  });

  it('fails the invocation when a send fails, naming it safely', async () => {
    const { queue, sent } = recordingQueue([2]);
    const { ctx, logs } = context();
    await expect(makeReconcileTimer(fleet, () => queue)(timer, ctx)).rejects.toThrow(
      '1 work messages not sent',
    );
    expect(sent).toHaveLength(5); // the others still went out
    expect(logs[0]![1]).toContain('enqueued 5/6');
    expect(logs[0]![1]).toContain('rg/a 1/3: 403');
    expect(JSON.stringify(logs)).not.toContain('sig=');
  });
});

describe('queue handler', () => {
  const message = (cluster: string) => ({
    v: 1,
    cluster,
    shard: { index: 0, count: 3 },
    tick: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 30_000).toISOString(),
  });

  it('a shard run that fails is logged and the handler resolves (nothing is poisoned)', async () => {
    const rt = fleet();
    (rt.clusters[1]!.kube as FakeKube).failNext('listScalings', 403);
    const { ctx, logs } = context();
    await expect(makeReconcileQueue(() => rt)(message('rg/b'), ctx)).resolves.toBeUndefined();
    const failed = logs.filter(([, l]) => l.includes('shard run failed'));
    expect(failed).toHaveLength(1);
    expect(failed[0]![1]).toMatch(/^cluster=rg\/b shard=0\/3: shard run failed: .*403/);
  });

  it('settings that cannot be parsed are logged, not thrown', async () => {
    const { ctx, logs } = context();
    const broken = (): AppRuntime => ({
      settings: parseSettings({ FANOUT: 'sideways' }),
      kube: new FakeKube(),
    });
    await expect(makeReconcileQueue(broken)(message('rg/a'), ctx)).resolves.toBeUndefined();
    expect(logs).toEqual([['error', expect.stringContaining('FANOUT must be inline or queue')]]);
  });
});
