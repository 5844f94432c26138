/**
 * The shard lease on a real kube-apiserver: the REST lock (create, update with resourceVersion,
 * 409s), two runs of one shard at once, a holder left behind, and hand edits of the Lease.
 * Runs are in-process here (metric answers injected, so a test decides when a run may go on);
 * test/integration/lease-cli.test.ts runs real CLI processes.
 */
import { parseSettings } from '../../lib/config.js';
import { createKubePort, loadKubeConfig } from '../../lib/kube/client.js';
import { KubeApiError, type KubePort } from '../../lib/kube/port.js';
import type { LeaseSpec } from '../../lib/lease/lock.js';
import { createLeaseWatch, type LeaseWatch } from '../../lib/lease/watch.js';
import type { BodyResult } from '../../lib/metrics/types.js';
import { reconcileAll } from '../../lib/reconcile/run.js';
import type { Shard } from '../../lib/shard/shard.js';
import { buildCrd } from '../../lib/spec/schema.js';
import {
  applyCrd,
  createDeployment,
  createNamespace,
  createScaling,
  getReplicas,
} from '../../tools/admin.js';
import { describeIfCluster, useControlPlane } from '../harness/controlPlane.js';

const NS = 'business-scaling-system';
const LEASE = 'business-scaler-shard-0-of-1';
const spec = (name: string) => ({
  targetDeployment: name,
  targetNamespace: 'shop',
  metricSource: `http://metrics.test/${name}`,
  scaleThresholds: { minUsers: 100, maxUsers: 1000, minReplicas: 1, maxReplicas: 10 },
});

describeIfCluster('shard lease on a real API server', () => {
  const cp = useControlPlane();
  let kube: KubePort;
  const names = ['a', 'b', 'c'];

  beforeAll(async () => {
    kube = createKubePort(loadKubeConfig({ kubeconfig: cp().kubeconfig('admin') }));
    await applyCrd(cp(), buildCrd());
    await createNamespace(cp(), 'shop');
    await createNamespace(cp(), NS);
    for (const n of names) {
      await createDeployment(cp(), 'shop', n, 1);
      await createScaling(cp(), { metadata: { name: n }, spec: spec(n) });
    }
  });

  const replicas = () =>
    Promise.all(names.map(async (n) => (await getReplicas(cp(), 'Deployment', 'shop', n)).spec));
  const reset = async () => {
    for (const name of names) {
      await kube.patchScale(
        { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name },
        1,
      );
    }
  };
  /** A run as process `identity`; metric answers wait for `gate` when given. */
  const run = (
    identity: string,
    opts: {
      gate?: Promise<void>;
      now?: () => Date;
      env?: object;
      shard?: Shard;
      watch?: LeaseWatch;
    } = {},
  ) =>
    reconcileAll(
      {
        kube,
        settings: parseSettings({ METRIC_ALLOWED_NETWORKS: '127.0.0.0/8', ...opts.env }),
        log: { info: () => undefined, warn: () => undefined },
        leaseIdentity: identity,
        ...(opts.now && { now: opts.now }),
        ...(opts.watch && { leaseWatch: opts.watch }),
        fetchBody: async (): Promise<BodyResult> => {
          await opts.gate;
          return { ok: true, body: { active_users: 1000 } };
        },
      },
      opts.shard && { shard: opts.shard },
    );
  const lease = async () => (await kube.getLease(NS, LEASE))?.spec;
  const handEdit = async (spec: object) => {
    const snap = await kube.getLease(NS, LEASE);
    await kube.updateLease(NS, LEASE, snap!.resourceVersion, spec as LeaseSpec);
  };

  it('the lock: create, 409 on a second create, 409 on an update with a stale resourceVersion', async () => {
    const name = 'lock-check';
    expect(await kube.getLease(NS, name)).toBeUndefined();
    const spec: LeaseSpec = {
      holderIdentity: 'x',
      leaseDurationSeconds: 30,
      acquireTime: '2026-11-25T10:00:00.000000Z',
      renewTime: '2026-11-25T10:00:00.000000Z',
      leaseTransitions: 0,
    };
    const created = await kube.createLease(NS, name, spec);
    expect(created.lastWrite).toMatch(/^\d{4}-/); // the server's managedFields time
    expect((await kube.getLease(NS, name))?.spec).toEqual(spec);
    const status = (p: Promise<unknown>) =>
      p.then(
        () => 200,
        (e: unknown) => (e instanceof KubeApiError ? e.status : -1),
      );
    expect(await status(kube.createLease(NS, name, spec))).toBe(409);
    const updated = await kube.updateLease(NS, name, created.resourceVersion, {
      ...spec,
      holderIdentity: 'y',
    });
    expect(updated.resourceVersion).not.toBe(created.resourceVersion);
    expect(await status(kube.updateLease(NS, name, created.resourceVersion, spec))).toBe(409);
  });

  it('two runs of the same shard at once: one writes, the other is skipped and writes nothing', async () => {
    const [r1, r2] = await Promise.all([run('one'), run('two')]);
    const [winner, loser] = r1.skipped ? [r2, r1] : [r1, r2];
    expect(winner.summary).toMatchObject({ seen: 3, scaled: 3 });
    expect(loser.skipped).toMatchObject({
      lease: `${NS}/${LEASE}`,
      holder: r1.skipped ? 'two' : 'one',
    });
    expect(loser.resources).toEqual([]);
    expect(await replicas()).toEqual([10, 10, 10]);
    expect(await lease()).toMatchObject({ holderIdentity: '' }); // released at the end
  });

  it('a run of another shard count while one runs: skipped, then runs once it is released', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const first = run('whole', { gate }); // SHARDS=1, waiting in its metric reads
    while ((await lease())?.holderIdentity !== 'whole') await new Promise((r) => setTimeout(r, 20));
    const half = await run('half', { shard: { index: 0, count: 2 } });
    expect(half.skipped).toMatchObject({ lease: `${NS}/${LEASE}`, holder: 'whole' });
    expect(half.skipped?.why).toContain('SHARDS=1 holds it while this one has 2');
    expect(half.resources).toEqual([]);
    open();
    expect((await first).summary).toMatchObject({ seen: 3, error: 0 });
    const later = await run('half', { shard: { index: 0, count: 2 } });
    expect(later.skipped).toBeUndefined();
  });

  it('a holder left behind: skipped while this process has seen it for less than 30 s, then taken over, +1 transition', async () => {
    await reset();
    const before = (await lease())!;
    await handEdit({
      ...before,
      holderIdentity: 'crashed_1_dead',
      leaseDurationSeconds: 30,
      acquireTime: new Date().toISOString().replace('Z', '000Z'),
      renewTime: '1999-01-01T00:00:00.000000Z', // long ago by its clock: never compared with ours
    });
    const transitions = (await lease())!.leaseTransitions as number;
    let jump = 0; // this process's monotonic clock, moved on by hand
    const watch = createLeaseWatch(() => performance.now() + jump);
    const early = await run('next', { watch });
    expect(early.skipped).toMatchObject({ holder: 'crashed_1_dead' });
    expect(await replicas()).toEqual([1, 1, 1]);
    jump += 29_000;
    expect((await run('next', { watch })).skipped).toMatchObject({ holder: 'crashed_1_dead' });
    jump += 1_000; // seen unchanged for 30 s by our clock
    const later = await run('next', { watch });
    expect(later.skipped).toBeUndefined();
    expect(later.summary.scaled).toBe(3);
    expect(await lease()).toMatchObject({ leaseTransitions: transitions + 1 });
  });

  it('a hand edit with garbage times and a 1 s duration still counts as a fresh write: skipped', async () => {
    await reset();
    await handEdit({
      holderIdentity: 'someone',
      leaseDurationSeconds: 1,
      renewTime: '1999-01-01T00:00:00.000000Z',
      acquireTime: '1999-01-01T00:00:00.000000Z',
      leaseTransitions: 0,
    });
    const report = await run('next');
    expect(report.skipped).toMatchObject({ holder: 'someone' });
    expect(await replicas()).toEqual([1, 1, 1]);
    await handEdit({ holderIdentity: '' }); // only cleared: still held until it expires
    expect((await run('next')).skipped).toMatchObject({ holder: '(none: cleared, not released)' });
    await handEdit({ holderIdentity: '', leaseDurationSeconds: 1 }); // released by hand
    expect((await run('next')).summary.scaled).toBe(3);
  });

  it('the holder changed by hand mid-run: the run loses the lease at its next renewal and writes nothing', async () => {
    await reset();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    // LEASE_DURATION_SECONDS=9, KUBE_TIMEOUT_MS=1000: renew deadline 6 s, writes until 3 s after
    // each renewal, renewals every second
    const env = { LEASE_DURATION_SECONDS: '9', KUBE_TIMEOUT_MS: '1000' };
    const running = run('victim', { gate, env });
    for (let i = 0; i < 100 && (await lease())?.holderIdentity !== 'victim'; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const held = (await lease())!;
    expect(held).toMatchObject({ holderIdentity: 'victim' });
    await handEdit({ ...held, holderIdentity: 'intruder' });
    await new Promise((r) => setTimeout(r, 1500)); // one renewal interval passes
    open();
    const report = await running;
    expect(report.resources.map((r) => r.action)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(report.summary.skipped).toBe(3);
    expect(await replicas()).toEqual([1, 1, 1]);
    expect(await lease()).toMatchObject({ holderIdentity: 'intruder' }); // not released over it
  });
});
