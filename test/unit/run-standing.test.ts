/**
 * Runs that change nothing write nothing, `behavior` included: each run records its time in the
 * shard's Lease, and the next reads it (lib/behavior/standing.ts, lib/lease/shardLease.ts).
 */
import { parseSettings } from '../../lib/config.js';
import { RUN_ANNOTATION } from '../../lib/lease/shardLease.js';
import { RECORD_ANNOTATION } from '../../lib/record/runMarker.js';
import { reconcileAll, type RunDeps, type RunOptions } from '../../lib/reconcile/run.js';
import { FakeKube } from '../support/fakeKube.js';

const LEASE = 'business-scaling-system/business-scaler-shard-0-of-1';
const T0 = Date.parse('2026-11-25T10:00:00Z');
const rfc = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

const full = (name: string, extra: object) => ({
  scaleTargetRef: { kind: 'Deployment', name, namespace: 'shop' },
  minReplicas: 1,
  maxReplicas: 10,
  metrics: [
    {
      name: 'q',
      http: { url: `http://m/${name}` },
      target: { type: 'AverageValue', averageValue: 100 },
    },
  ],
  ...extra,
});

function setup() {
  const kube = new FakeKube();
  const resources = {
    windowed: { behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } },
    legacy: {},
    active: { minReplicas: 0, activationThreshold: 1, cooldownPeriodSeconds: 300 },
    lastKnown: {
      fallback: {
        failureThreshold: 3,
        replicas: 1,
        behavior: 'lastKnownValue',
        maxAgeSeconds: 600,
      },
    },
  };
  for (const [name, extra] of Object.entries(resources)) {
    kube.addWorkload('Deployment', 'shop', name, 3).addScaling(name, full(name, extra));
  }
  const values = new Map<string, number>(Object.keys(resources).map((n) => [n, 250]));
  let clock = T0;
  const deps: RunDeps = {
    kube,
    settings: parseSettings({}),
    now: () => new Date(clock),
    log: { info: () => undefined, warn: () => undefined },
    leaseIdentity: 'me',
    fetchBody: (url) =>
      Promise.resolve({ ok: true, body: { value: values.get(url.split('/').pop()!) } }),
  };
  const statusWrites = () => kube.writes.filter((w) => w.op === 'patchStatus').length;
  const runAt = (s: number, opts?: RunOptions) => {
    clock = T0 + s * 1000;
    return reconcileAll(deps, opts);
  };
  return { kube, values, statusWrites, runAt };
}

describe('standing times through the shard Lease', () => {
  it('the Lease records each run; runs that change nothing write no status', async () => {
    const { kube, statusWrites, runAt } = setup();
    await runAt(0);
    expect(statusWrites()).toBe(4);
    for (const s of [30, 90, 400, 1000]) await runAt(s);
    expect(statusWrites()).toBe(4);
    expect(kube.leases.get(LEASE)?.annotations?.[RUN_ANNOTATION]).toBe(rfc(T0 + 1_000_000));
  });

  it('a drop is held for the window after the last run that saw the old value', async () => {
    const { kube, values, runAt } = setup();
    await runAt(0);
    await runAt(400);
    values.set('windowed', 50);
    await runAt(430); // 3 stood through 400: held (60 s window)
    expect(kube.replicas('Deployment', 'shop', 'windowed')).toBe(3);
    await runAt(461);
    expect(kube.replicas('Deployment', 'shop', 'windowed')).toBe(1);
  });

  it('a run of one name keeps the Lease’s run time and writes what it saw', async () => {
    const { kube, statusWrites, runAt } = setup();
    await runAt(0);
    await runAt(100, { name: 'windowed' });
    expect(statusWrites()).toBe(5); // its standing time moved: recorded, not left to the Lease
    expect(kube.leases.get(LEASE)?.annotations?.[RUN_ANNOTATION]).toBe(rfc(T0));
    await runAt(200);
    expect(statusWrites()).toBe(5);
  });

  it('a run whose list failed puts the previous run time back; other annotations are kept', async () => {
    const { kube, runAt } = setup();
    await runAt(0);
    const lease = kube.leases.get(LEASE)!;
    kube.putLease(LEASE, lease.spec, { ...lease.annotations, 'team.example.com/owner': 'ops' });
    kube.failNext('listScalings', 503);
    await expect(runAt(100)).rejects.toThrow(/503/);
    expect(kube.leases.get(LEASE)?.annotations).toEqual({
      [RUN_ANNOTATION]: rfc(T0),
      [RECORD_ANNOTATION]: JSON.stringify({ epoch: 0, layout: '0-of-1', unvouched: [] }),
      'team.example.com/owner': 'ops',
    });
  });

  it('a dry run reads the previous run from the Lease and decides as the real run will', async () => {
    const { kube, values, statusWrites, runAt } = setup();
    await runAt(0);
    await runAt(400);
    values.set('windowed', 50);
    // 61 s after the last run that saw 3: out of the window (without the Lease's time, a dry
    // run would count 3 as seen a second ago and hold it)
    const dry = await runAt(461, { dryRun: true });
    expect(dry.resources.find((r) => r.name === 'windowed')).toMatchObject({ action: 'scaled' });
    expect(statusWrites()).toBe(4);
    await runAt(461);
    expect(kube.replicas('Deployment', 'shop', 'windowed')).toBe(1);
  });
});
