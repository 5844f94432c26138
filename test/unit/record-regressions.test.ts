/**
 * Regressions of issue 20 on the fake port: honest time stamps (case 4), a run record from
 * another shard layout (case 5), a failed status write (case 7); and the run record's rules.
 */
import { parseSettings } from '../../lib/config.js';
import { RECORD_ANNOTATION, RUN_ANNOTATION, trustRunRecord } from '../../lib/record/runMarker.js';
import { reconcileAll, type RunOptions } from '../../lib/reconcile/run.js';
import { FakeKube } from '../support/fakeKube.js';

const T0 = Date.parse('2026-11-25T10:00:00Z');
const LEASE = 'business-scaling-system/business-scaler-shard-0-of-1';

const spec = (behavior: object) => ({
  scaleTargetRef: { kind: 'Deployment', name: 'web', namespace: 'shop' },
  minReplicas: 1,
  maxReplicas: 10,
  metrics: [
    { name: 'q', http: { url: 'http://m/q' }, target: { type: 'AverageValue', averageValue: 10 } },
  ],
  behavior,
});

/** One workload at `replicas`; `runAt(s, lag)`: a run at T0+s that reads `web` `lag` s later. */
function setup(behavior: object, replicas: number) {
  const kube = new FakeKube().addWorkload('Deployment', 'shop', 'web', replicas);
  kube.addScaling('web', spec(behavior));
  let clock = T0;
  let lag = 0;
  let value = 10 * replicas;
  const list = kube.listScalings.bind(kube);
  kube.listScalings = () => {
    clock += lag * 1000; // a long list: the resource is decided `lag` s after the run started
    return list();
  };
  const runAt = (s: number, opts: RunOptions & { lag?: number } = {}) => {
    clock = T0 + s * 1000;
    lag = opts.lag ?? 0;
    return reconcileAll(
      {
        kube,
        // Exact stamps here: this file is not about skew (record-properties.test.ts is).
        settings: parseSettings({ CLOCK_SKEW_SECONDS: '0' }),
        now: () => new Date(clock),
        log: { info: () => undefined, warn: () => undefined },
        leaseIdentity: 'me',
        fetchBody: () => Promise.resolve({ ok: true, body: { value } }),
      },
      opts,
    );
  };
  const setValue = (v: number) => (value = v);
  const replicasNow = () => kube.replicas('Deployment', 'shop', 'web');
  return { kube, runAt, setValue, replicasNow, status: () => kube.scalings.get('web')!.status! };
}

describe('case 4: each record carries the time its resource was decided', () => {
  const UP_1_PER_60 = {
    scaleUp: {
      stabilizationWindowSeconds: 0,
      policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }],
    },
  };

  it('a step decided 24 s into a run is stamped then, not at the run start', async () => {
    const { runAt, setValue, replicasNow, status } = setup(UP_1_PER_60, 1);
    setValue(95); // wants 10
    const report = await runAt(0, { lag: 24 });
    expect(report.startedAt).toBe(new Date(T0).toISOString());
    expect(replicasNow()).toBe(2);
    const at = T0 / 1000 + 24;
    expect(status().history?.scaleUpEvents).toEqual([{ time: at, change: 1 }]);
    expect(status().history?.recommendations?.at(-1)).toEqual({ time: at, replicas: 10 });
    expect(status().recordedAt).toBe(new Date(at * 1000).toISOString().replace('.000Z', 'Z'));
    await runAt(60); // 36 s after the step: inside its 60 s period
    expect(replicasNow()).toBe(2);
    await runAt(85);
    expect(replicasNow()).toBe(3);
  });
});

describe('case 5: a run record of another layout or epoch is never trusted', () => {
  const record = { at: 1000, epoch: 4, layout: '0-of-1', unvouched: [] as string[] };
  it.each([
    ['the run just before, same layout', record, ['0-of-1', [4, 5]], undefined, 1000],
    ['another layout', record, ['0-of-2', [4, 5]], undefined, undefined],
    ['an older epoch (someone held it since)', record, ['0-of-1', [6, 7]], undefined, undefined],
    ['another layout wrote its Lease since', record, ['0-of-1', [4, 5]], 990, undefined],
    ['another layout, long before', record, ['0-of-1', [4, 5]], 900, 1000],
    [
      'a run that vouched for none',
      { ...record, unvouched: 'all' as const },
      ['0-of-1', [4, 5]],
      undefined,
      undefined,
    ],
    ['no record', undefined, ['0-of-1', [4, 5]], undefined, undefined],
  ] as const)('%s', (_, r, [layout, epochs], otherLayoutAt, previousRun) => {
    const got = trustRunRecord({ record: r, layout, epochs, otherLayoutAt, margin: 30 });
    expect(got.previousRun).toBe(previousRun);
  });

  it('SHARDS 1 → 2 → 1: the old Lease’s run time does not end a window early', async () => {
    const DOWN_WINDOW = { scaleDown: { stabilizationWindowSeconds: 300 } };
    const { runAt, setValue, replicasNow } = setup(DOWN_WINDOW, 5);
    setValue(45); // wants 5, stands
    await runAt(0);
    for (const s of [100, 400, 630]) {
      await runAt(s, { shard: { index: 0, count: 2 } });
      await runAt(s, { shard: { index: 1, count: 2 } });
    }
    setValue(5); // wants 1
    await runAt(700); // 5 was seen at 630: held until 930
    expect(replicasNow()).toBe(5);
    await runAt(900);
    expect(replicasNow()).toBe(5);
    await runAt(1000);
    expect(replicasNow()).toBe(1);
  });
});

describe('case 7: a run vouches only for what it knows it recorded', () => {
  it('after a failed status write the stored recommendation stands until the next run', async () => {
    const DOWN_60 = { scaleDown: { stabilizationWindowSeconds: 60 } };
    const { kube, runAt, setValue, replicasNow } = setup(DOWN_60, 3);
    setValue(25); // wants 3
    await runAt(0);
    await runAt(30);
    setValue(75); // a spike: wants 8, but its record fails
    kube.failNext('patchStatus', 503, 'web');
    await runAt(100);
    const record: unknown = JSON.parse(kube.leases.get(LEASE)!.annotations![RECORD_ANNOTATION]!);
    expect(record).toMatchObject({ unvouched: ['web'] });
    expect(kube.leases.get(LEASE)!.annotations![RUN_ANNOTATION]).toBeDefined();
    setValue(5); // wants 1
    await runAt(110); // 3 stands through 109 (not the failed run's 100)
    await runAt(165);
    expect(replicasNow()).toBe(3);
    await runAt(170);
    expect(replicasNow()).toBe(1);
  });

  it('a spike seen by a run whose status write failed still holds its window', async () => {
    const DOWN_60 = { scaleDown: { stabilizationWindowSeconds: 60 } };
    const { kube, runAt, setValue, replicasNow, status } = setup(DOWN_60, 8);
    setValue(75); // wants 8
    await runAt(0);
    setValue(25); // wants 3: held at 8 by the window
    await runAt(30);
    expect(replicasNow()).toBe(8);
    setValue(75); // a spike: wants 8 again, but its record fails
    kube.failNext('patchStatus', 503, 'web');
    await runAt(100);
    const record: unknown = JSON.parse(kube.leases.get(LEASE)!.annotations![RECORD_ANNOTATION]!);
    const spike = T0 / 1000 + 100;
    expect(record).toMatchObject({ unvouched: ['web'], lost: [{ r: [spike, 8] }] });
    setValue(5); // wants 1
    await runAt(110); // without the carried spike: 3 (seen through 109) → scaled to 3 here
    expect(replicasNow()).toBe(8);
    expect(status().history?.recommendations).toContainEqual({ time: spike, replicas: 8 });
    await runAt(159); // 8 seen at 100: counts while within 60 s (strictly)
    expect(replicasNow()).toBe(8);
    await runAt(160);
    expect(replicasNow()).toBe(3); // 3 seen through 109
  });
});
