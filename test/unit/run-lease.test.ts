/** The run holds its shard's lease (lib/lease) — against the in-memory KubePort and a fake clock. */
import { parseSettings } from '../../lib/config.js';
import { planShards } from '../../lib/app/shards.js';
import { formatSummary } from '../../lib/reconcile/report.js';
import { reconcileAll, type RunDeps } from '../../lib/reconcile/run.js';
import { shardOf } from '../../lib/shard/shard.js';
import { createLeaseWatch } from '../../lib/lease/watch.js';
import type { StatusPatch } from '../../lib/kube/port.js';
import { FakeKube } from '../support/fakeKube.js';

/** A FakeKube whose `/status` writes can take time (on the test's clocks) once sent. */
class SlowKube extends FakeKube {
  onStatusWrite?: () => void;
  override patchStatus(name: string, patch: StatusPatch, resourceVersion?: string) {
    const sent = super.patchStatus(name, patch, resourceVersion);
    this.onStatusWrite?.();
    return sent;
  }
}

const NS = 'business-scaling-system';
const T0 = Date.parse('2026-11-25T10:00:00Z');
const spec = (name: string) => ({
  targetDeployment: name,
  metricSource: 'http://m/u',
  scaleThresholds: { minUsers: 100, maxUsers: 1000, minReplicas: 1, maxReplicas: 10 },
});

function setup(opts: { onFetch?: () => void; onSleep?: () => void; env?: object } = {}) {
  const kube = new SlowKube();
  for (const name of ['a', 'b', 'c'])
    kube.addWorkload('Deployment', 'default', name, 1).addScaling(name, spec(name));
  let clock = T0;
  let mono = 0; // this process's monotonic clock (lease expiry, write deadlines)
  const advance = (s: number) => ((clock += s * 1000), (mono += s * 1000));
  const fetched: string[] = [];
  const deps: RunDeps = {
    kube,
    settings: parseSettings({ METRIC_ALLOWED_NETWORKS: '127.0.0.0/8', ...opts.env }),
    now: () => new Date(clock),
    leaseWatch: createLeaseWatch(
      () => mono,
      (ms) => {
        advance(ms / 1000);
        opts.onSleep?.();
        return Promise.resolve();
      },
    ),
    log: { info: () => undefined, warn: () => undefined },
    leaseIdentity: 'me',
    fetchBody: (url) => {
      fetched.push(url);
      opts.onFetch?.();
      return Promise.resolve({ ok: true, body: { active_users: 1000 } });
    },
  };
  return { kube, deps, fetched, advance };
}

const heldByOther = {
  holderIdentity: 'other-host_42_abcd',
  leaseDurationSeconds: 30,
  acquireTime: '2026-11-25T09:00:00.000000Z',
  renewTime: '2026-11-25T09:59:50.000000Z',
  leaseTransitions: 1,
};

describe('reconcileAll and the shard lease', () => {
  it('takes the lease, writes, and releases it at the end', async () => {
    const { kube, deps } = setup();
    const report = await reconcileAll(deps);
    expect(report.summary).toMatchObject({ seen: 3, scaled: 3, skipped: 0 });
    expect(report.skipped).toBeUndefined();
    expect(kube.leases.get(`${NS}/business-scaler-shard-0-of-1`)?.spec).toMatchObject({
      holderIdentity: '',
      leaseTransitions: 0,
    });
  });

  it('held by another run (it renews while we watch): nothing read, nothing written, the report says who', async () => {
    const id = `${NS}/business-scaler-shard-0-of-1`;
    const { kube, deps, fetched } = setup({ onSleep: () => void kube.putLease(id, heldByOther) });
    kube.putLease(id, heldByOther);
    const report = await reconcileAll(deps, { waitForLease: true });
    // seen renewed after 2.666 s of watching: expires a duration after that, by our clock
    expect(report.skipped).toEqual({
      lease: `${NS}/business-scaler-shard-0-of-1`,
      holder: 'other-host_42_abcd',
      since: '2026-11-25T09:00:00.000Z',
      expires: '2026-11-25T10:00:32.666Z',
    });
    expect(report.resources).toEqual([]);
    expect(fetched).toEqual([]);
    expect(kube.writes).toEqual([]);
    expect(formatSummary(report)).toBe(
      `skipped: lease ${NS}/business-scaler-shard-0-of-1 held by other-host_42_abcd since ` +
        '2026-11-25T09:00:00.000Z, expires 2026-11-25T10:00:32.666Z; nothing read or written',
    );
  });

  it('held, first seen: skipped at once (the timer, HTTP); taken once seen unchanged for 30 s', async () => {
    const { kube, deps, advance } = setup();
    kube.putLease(`${NS}/business-scaler-shard-0-of-1`, heldByOther);
    expect((await reconcileAll(deps)).skipped).toMatchObject({
      holder: heldByOther.holderIdentity,
    });
    advance(29);
    expect((await reconcileAll(deps)).skipped).toMatchObject({
      holder: heldByOther.holderIdentity,
    });
    advance(1);
    const report = await reconcileAll(deps);
    expect(report.skipped).toBeUndefined();
    expect(report.summary).toMatchObject({ seen: 3, scaled: 3 });
    expect(kube.leases.get(`${NS}/business-scaler-shard-0-of-1`)?.spec).toMatchObject({
      leaseTransitions: 2,
    });
  });

  it('case 1: writes queued before the write deadline are not sent after it', async () => {
    // KUBE_CONCURRENCY=1: every write waits in the run's queue; the first /status write takes
    // 9 s once sent, past the write deadline (renew deadline 20 s − 12 s attempt = 8 s)
    const { kube, deps, advance } = setup({ env: { KUBE_CONCURRENCY: '1' } });
    let first = true;
    kube.onStatusWrite = () => {
      if (first) advance(9);
      first = false;
    };
    const report = await reconcileAll(deps);
    expect(kube.writes.map((w) => w.op)).toEqual(['patchStatus']); // the one sent in time
    expect(kube.refusedWrites).toEqual(
      expect.arrayContaining(['patchStatus b', 'patchStatus c', 'patchScale Deployment/default/a']),
    );
    expect(report.resources.map((r) => [r.name, r.action, r.reason])).toEqual([
      ['a', 'skipped', 'LeaseLost'],
      ['b', 'skipped', 'LeaseLost'],
      ['c', 'skipped', 'LeaseLost'],
    ]);
    // honest: a's decision was recorded (its /status write was sent), its /scale was not
    expect(report.resources[0]?.message).toMatch(
      /^decision recorded; patchScale .*: not sent, the write deadline of lease .* passed/,
    );
    expect(report.resources[1]?.message).toMatch(/^patchStatus b: not sent, the write deadline/);
  });

  it('the run-wide deadline: no write starts later than RUN_DEADLINE_SECONDS after the start', async () => {
    const env = {
      KUBE_CONCURRENCY: '1',
      RUN_DEADLINE_SECONDS: '20',
      LEASE_DURATION_SECONDS: '3600',
    };
    const { kube, deps, advance } = setup({ env });
    let first = true;
    kube.onStatusWrite = () => {
      if (first) advance(21);
      first = false;
    };
    const report = await reconcileAll(deps);
    expect(kube.writes.map((w) => w.op)).toEqual(['patchStatus']);
    expect(report.resources[1]?.message).toMatch(
      /not sent, the run's deadline passed \(RUN_DEADLINE_SECONDS=20\)/,
    );
  });

  it('--once (a fresh process) watches a dead holder’s Lease for 30 s, then takes it', async () => {
    const { kube, deps } = setup();
    kube.putLease(`${NS}/business-scaler-shard-0-of-1`, heldByOther);
    const report = await reconcileAll(deps, { waitForLease: true });
    expect(report.summary).toMatchObject({ seen: 3, scaled: 3 });
  });

  it('a dry run takes no lease and runs even while it is held', async () => {
    const { kube, deps } = setup();
    kube.putLease(`${NS}/business-scaler-shard-0-of-1`, heldByOther);
    const before = kube.leases.get(`${NS}/business-scaler-shard-0-of-1`);
    const report = await reconcileAll(deps, { dryRun: true });
    expect(report.summary).toMatchObject({ seen: 3, scaled: 3 });
    expect(kube.leases.get(`${NS}/business-scaler-shard-0-of-1`)).toEqual(before);
    expect(kube.writes).toEqual([]);
  });

  it('lost mid-run (not renewed for a whole duration): the rest is skipped, nothing written', async () => {
    const { kube, deps, advance } = setup({ onFetch: () => void advance(31) });
    const report = await reconcileAll(deps);
    expect(report.resources.map((r) => [r.action, r.reason])).toEqual([
      ['skipped', 'LeaseLost'],
      ['skipped', 'LeaseLost'],
      ['skipped', 'LeaseLost'],
    ]);
    expect(report.summary).toMatchObject({ seen: 3, scaled: 0, skipped: 3 });
    expect(kube.writes).toEqual([]);
    expect(formatSummary(report)).toMatch(/ skipped=3 \(lease lost\)$/);
  });

  it('a shard run holds that shard’s own lease, and covers only its resources', async () => {
    const { kube, deps } = setup();
    // another shard layout's, released: no run of it is going on
    kube.putLease(`${NS}/business-scaler-shard-0-of-1`, {
      ...heldByOther,
      holderIdentity: '',
      leaseDurationSeconds: 1,
    });
    const shard = { index: shardOf('a', 2), count: 2 };
    const report = await reconcileAll(deps, { shard });
    expect(report.skipped).toBeUndefined();
    expect(report.resources.map((r) => r.name)).toContain('a');
    expect(kube.leases.has(`${NS}/business-scaler-shard-${shard.index}-of-2`)).toBe(true);
  });

  it.each([
    [
      'SHARDS=1 held, a run of shard 1/2',
      `${NS}/business-scaler-shard-0-of-1`,
      { index: 1, count: 2 },
    ],
    [
      'shard 1/3 held, a run of SHARDS=1',
      `${NS}/business-scaler-shard-1-of-3`,
      { index: 0, count: 1 },
    ],
  ])(
    'another shard count running (%s): skipped, nothing read, its own Lease released',
    async (_, other, shard) => {
      const { kube, deps, fetched } = setup();
      kube.putLease(other, heldByOther);
      const report = await reconcileAll(deps, { shard });
      expect(report.skipped).toMatchObject({ lease: other, holder: heldByOther.holderIdentity });
      expect(report.skipped?.why).toMatch(
        /every writer of a cluster must use the same shard count/,
      );
      expect(fetched).toEqual([]);
      expect(kube.writes).toEqual([]);
      const own = kube.leases.get(`${NS}/business-scaler-shard-${shard.index}-of-${shard.count}`);
      expect(own?.spec).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1 });
      expect(own?.annotations).toBeUndefined(); // no run time recorded: nothing was read
    },
  );

  it('Leases that cannot be listed (an older rbac.yaml): the run fails saying what to apply', async () => {
    const { kube, deps, fetched } = setup();
    kube.failNext('listLeases', 403);
    await expect(reconcileAll(deps)).rejects.toThrow(/403.*apply crds\/rbac\.yaml/);
    expect(fetched).toEqual([]);
    expect(kube.writes).toEqual([]);
    const own = kube.leases.get(`${NS}/business-scaler-shard-0-of-1`);
    expect(own?.spec).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1 });
  });

  it('a Lease that cannot be read fails the run (nothing written)', async () => {
    const { kube, deps } = setup();
    kube.failNext('getLease', 403);
    await expect(reconcileAll(deps)).rejects.toThrow(/403/);
    expect(kube.writes).toEqual([]);
  });
});

describe('planShards (the inline timer, HTTP and CLI)', () => {
  const kube = new FakeKube();
  const settings = (shards: string) =>
    parseSettings({ METRIC_ALLOWED_NETWORKS: '127.0.0.0/8', SHARDS: shards });
  it.each([
    ['SHARDS=1: one run, shard 0/1 by default', '1', {}, 'single', undefined],
    ['an explicit shard wins', '4', { shard: { index: 2, count: 4 } }, 'single', [2]],
    ['SHARDS=4 and a name: that name’s shard', '4', { name: 'a' }, 'single', [shardOf('a', 4)]],
    ['SHARDS=3: every shard, each its own member', '3', {}, 'members', [0, 1, 2]],
  ])('%s', (_name, shards, opts, kind, indexes) => {
    const plan = planShards(settings(shards), kube, opts);
    expect(plan.kind).toBe(kind);
    if (plan.kind === 'single') expect(plan.opts.shard?.index).toEqual(indexes?.[0]);
    else {
      expect(plan.members.map((m) => m.shard?.index)).toEqual(indexes);
      expect(plan.members.map((m) => m.cluster)).toEqual([
        'shard-0-of-3',
        'shard-1-of-3',
        'shard-2-of-3',
      ]);
    }
  });

  it('a fleet with SHARDS=2: clusters × shards', () => {
    const members = [
      { cluster: 'rg/a', kube },
      { cluster: 'rg/b', kube },
    ];
    const plan = planShards(settings('2'), members, {});
    expect(plan.kind === 'members' && plan.members.map((m) => m.cluster)).toEqual([
      'rg/a/shard-0-of-2',
      'rg/a/shard-1-of-2',
      'rg/b/shard-0-of-2',
      'rg/b/shard-1-of-2',
    ]);
  });
});
