/**
 * Record before acting, on the fake port: the status that records a rescale goes first, with
 * the resourceVersion read; /scale only after it; a failed write is an error and costs no limit.
 * Policy "+1 pod per 600 s", a metric asking for 10, the workload at 1.
 */
import { runWithWriteGate } from '../../lib/kube/writeGate.js';
import { parseSettings } from '../../lib/config.js';
import { reconcileOne, type RunContext } from '../../lib/reconcile/one.js';
import { reconcileAll } from '../../lib/reconcile/run.js';
import { MetricReader } from '../../lib/metrics/reader.js';
import { KubeApiError } from '../../lib/kube/port.js';
import { FakeKube } from '../support/fakeKube.js';
import { fullSpec } from '../support/builders/resources.js';

const T0 = Date.parse('2026-11-25T10:00:00Z');
const SPEC = fullSpec(
  { name: 'web', url: 'http://m/q', metric: 'q', averageValue: 10 },
  {
    behavior: {
      scaleUp: {
        stabilizationWindowSeconds: 0,
        policies: [{ type: 'Pods', value: 1, periodSeconds: 600 }],
      },
    },
  },
);

function setup() {
  const kube = new FakeKube().addWorkload('Deployment', 'shop', 'web', 1).addScaling('web', SPEC);
  const warnings: string[] = [];
  const run = (seconds: number) =>
    reconcileAll({
      kube,
      settings: parseSettings({}),
      now: () => new Date(T0 + seconds * 1000),
      log: { info: () => undefined, warn: (l) => warnings.push(l) },
      fetchBody: () => Promise.resolve({ ok: true, body: { value: 100 } }), // ceil(100/10) = 10
    });
  const replicas = () => kube.replicas('Deployment', 'shop', 'web');
  const status = () => kube.scalings.get('web')!.status!;
  return { kube, run, replicas, status, warnings };
}

describe('record before acting', () => {
  it('writes status (pending event, intent) first, then /scale, then the step as confirmed', async () => {
    const { kube, run, replicas, status, warnings } = setup();
    const report = await run(0);
    expect(report.resources[0]).toMatchObject({ action: 'scaled', desiredReplicas: 2 });
    expect(kube.writes.map((w) => w.op)).toEqual([
      'patchStatus',
      'patchScale',
      'patchStatus',
      'createEvent',
    ]);
    const [record, , confirmed] = kube.writes;
    expect(record).toMatchObject({
      patch: {
        history: { scaleUpEvents: [{ time: T0 / 1000, change: 1, pending: true }] },
        intent: { replicas: 2, from: 1, time: T0 / 1000, change: 1 },
      },
    });
    expect(confirmed).toMatchObject({ patch: { intent: null } });
    expect(replicas()).toBe(2);
    expect(status().history?.scaleUpEvents).toEqual([{ time: T0 / 1000, change: 1 }]);
    expect(status().intent).toBeUndefined();
    await run(30); // the +1 is inside its 600 s period: the next step waits
    expect(replicas()).toBe(2);
    expect(warnings).toEqual([]); // an applied intent is no news
  });

  it.each([
    // method, status, reason
    ['patchStatus', 503, 'FailedUpdateStatus'],
    ['patchStatus', 403, 'FailedUpdateStatus'],
  ] as const)(
    '%s %i → error %s, no step taken, the next run takes one',
    async (m, code, reason) => {
      const { kube, run, replicas, status } = setup();
      kube.failNext(m, code, 'web');
      const report = await run(0);
      expect(report.resources[0]).toMatchObject({ action: 'error', reason });
      expect(replicas()).toBe(1);
      expect(status()?.history?.scaleUpEvents ?? []).toEqual([]); // a failed record has none
      await run(30);
      expect(replicas()).toBe(2); // one step, not two
      await run(60);
      expect(replicas()).toBe(2);
    },
  );

  it('patchScale 500 → FailedRescale; its outcome is unknown, so it counts as a step taken', async () => {
    const { kube, run, replicas, status } = setup();
    kube.failNext('patchScale', 500, 'web');
    const report = await run(0);
    expect(report.resources[0]).toMatchObject({ action: 'error', reason: 'FailedRescale' });
    expect(replicas()).toBe(1);
    const pending = [{ time: T0 / 1000, change: 1, pending: true }];
    expect(status().history?.scaleUpEvents).toEqual(pending);
    await run(30); // the 500 may have come after the server applied it: no second step
    expect(replicas()).toBe(1);
    expect(status().history?.scaleUpEvents).toEqual(pending);
  });

  // Case 3 of issue 20: an operator or a GitOps sync puts the workload back to `from`.
  it.each([
    ['confirmed', false],
    ['whose confirmation was lost', true],
  ])('a step %s is never erased when the workload is back at `from`', async (_, lost) => {
    const { kube, run, replicas, status, warnings } = setup();
    const patchStatus = kube.patchStatus.bind(kube);
    let calls = 0;
    kube.patchStatus = (n, p, rv) =>
      lost && ++calls === 2 ? Promise.reject(new Error('reset')) : patchStatus(n, p, rv);
    await run(0);
    expect(replicas()).toBe(2);
    expect(status().intent !== undefined).toBe(lost);
    kube.touchWorkload('Deployment', 'shop', 'web', 1); // set back by someone else
    await run(30);
    await run(300);
    expect(replicas()).toBe(1); // the step inside its 600 s period still counts
    expect(status().history?.scaleUpEvents).toHaveLength(1);
    expect(warnings.filter((w) => w.includes('did not happen'))).toEqual([]);
  });

  // Case 2 of issue 20: run A's /scale times out and lands after run B took over.
  it('a late write is one step: the next run holds, the run after counts it', async () => {
    const { kube, run, replicas, status } = setup();
    const patchScale = kube.patchScale.bind(kube);
    let late: (() => Promise<void>) | undefined;
    kube.patchScale = (ref, to, rv) => {
      late = () => patchScale(ref, to, rv);
      kube.patchScale = patchScale;
      return Promise.reject(new KubeApiError(504, 'timeout'));
    };
    expect((await run(0)).resources[0]).toMatchObject({ reason: 'FailedRescale' });
    await run(31); // B: the workload still at 1, A's step pending
    expect(replicas()).toBe(1);
    await late!(); // A's PATCH lands now (nothing changed the workload since it read it)
    expect(replicas()).toBe(2);
    await run(60);
    await run(120);
    expect(replicas()).toBe(2); // "+1 pod per 600 s": one step
    expect(status().history?.scaleUpEvents).toHaveLength(1);
  });

  it('409 once: re-read and recomputed, then written', async () => {
    const { kube, run, replicas } = setup();
    kube.touch('web'); // another writer after our list: our resourceVersion is stale
    const list = kube.listScalings.bind(kube);
    kube.listScalings = async () => {
      const items = await list();
      kube.touch('web');
      return items;
    };
    const report = await run(0);
    expect(kube.conflicts).toEqual(['web']);
    expect(report.resources[0]).toMatchObject({ action: 'scaled' });
    expect(replicas()).toBe(2);
  });

  it('409 twice: StatusConflict, nothing scaled, the newer status left as it is', async () => {
    const { kube, run, replicas, status } = setup();
    kube.failNext('patchStatus', 409, 'web').failNext('patchStatus', 409, 'web');
    const report = await run(0);
    expect(report.resources[0]).toMatchObject({ action: 'error', reason: 'StatusConflict' });
    expect(replicas()).toBe(1);
    expect(status()).toBeUndefined();
  });

  it('a failed event is a run warning, not an error', async () => {
    const { kube, run, replicas } = setup();
    kube.failNext('createEvent', 500, 'web');
    const report = await run(0);
    expect(report.resources[0]).toMatchObject({ action: 'scaled' });
    expect(replicas()).toBe(2);
    expect(report.warnings?.some((w) => w.includes('could not write an event'))).toBe(true);
  });

  it('the write gate says no (checked when each write is sent): nothing is written, LeaseLost', async () => {
    const { kube } = setup();
    const ctx: RunContext = {
      kube,
      metrics: new MetricReader(
        {
          timeoutMs: 1000,
          maxBytes: 1e6,
          concurrency: 1,
          concurrencyPerHost: 1,
          hostFailureLimit: 3,
          network: parseSettings({}).metricNetwork,
        },
        () => Promise.resolve({ ok: true, body: { value: 100 } }),
      ),
      kubeLimit: (t) => t(),
      now: new Date(T0),
      dryRun: false,
      warn: () => undefined,
    };
    const obj = (await kube.listScalings())[0]!;
    const report = await runWithWriteGate(
      () => 'the write deadline of lease x passed',
      () => reconcileOne(ctx, obj),
    );
    expect(report).toMatchObject({ action: 'skipped', reason: 'LeaseLost' });
    expect(kube.writes).toEqual([]);
  });
});
