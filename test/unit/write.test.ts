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
import { FakeKube } from '../support/fakeKube.js';

const T0 = Date.parse('2026-11-25T10:00:00Z');
const SPEC = {
  scaleTargetRef: { kind: 'Deployment', name: 'web', namespace: 'shop' },
  minReplicas: 1,
  maxReplicas: 20,
  metrics: [
    { name: 'q', http: { url: 'http://m/q' }, target: { type: 'AverageValue', averageValue: 10 } },
  ],
  behavior: {
    scaleUp: {
      stabilizationWindowSeconds: 0,
      policies: [{ type: 'Pods', value: 1, periodSeconds: 600 }],
    },
  },
};

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
  it('writes status (with intent and event) first, then /scale, then the event', async () => {
    const { kube, run, replicas, status, warnings } = setup();
    const report = await run(0);
    expect(report.resources[0]).toMatchObject({ action: 'scaled', desiredReplicas: 2 });
    expect(kube.writes.map((w) => w.op)).toEqual(['patchStatus', 'patchScale', 'createEvent']);
    expect(replicas()).toBe(2);
    expect(status().history?.scaleUpEvents).toEqual([{ time: T0 / 1000, change: 1 }]);
    expect(status().intent).toEqual({ replicas: 2, from: 1, time: T0 / 1000, change: 1 });
    await run(30); // the +1 is inside its 600 s period: the next step waits
    expect(replicas()).toBe(2);
    expect(warnings).toEqual([]); // an applied intent is no news
  });

  it.each([
    // method, status, reason
    ['patchStatus', 503, 'FailedUpdateStatus'],
    ['patchStatus', 403, 'FailedUpdateStatus'],
    ['patchScale', 500, 'FailedRescale'],
  ] as const)(
    '%s %i → error %s, no step taken, the next run takes one',
    async (m, code, reason) => {
      const { kube, run, replicas, status } = setup();
      kube.failNext(m, code, 'web');
      const report = await run(0);
      expect(report.resources[0]).toMatchObject({ action: 'error', reason });
      expect(replicas()).toBe(1);
      // A failed /scale keeps its record (it may only make us wait); a failed record has none.
      const events = status()?.history?.scaleUpEvents ?? [];
      expect(events).toEqual(m === 'patchScale' ? [{ time: T0 / 1000, change: 1 }] : []);
      await run(30);
      expect(replicas()).toBe(2); // one step, not two
      await run(60);
      expect(replicas()).toBe(2);
    },
  );

  it('a failed /scale whose failure cannot be noted: the next run removes the unapplied event', async () => {
    const { kube, run, replicas, status, warnings } = setup();
    // The record goes through, /scale fails, and so does the status write that takes it back.
    kube.failNext('patchScale', 500, 'web');
    const patchStatus = kube.patchStatus.bind(kube);
    let calls = 0;
    kube.patchStatus = (n, p, rv) =>
      ++calls === 2 ? Promise.reject(new Error('reset')) : patchStatus(n, p, rv);
    const report = await run(0);
    expect(report.resources[0]).toMatchObject({ action: 'error', reason: 'FailedRescale' });
    expect(status().history?.scaleUpEvents).toEqual([{ time: T0 / 1000, change: 1 }]);
    expect(status().intent).toMatchObject({ from: 1, replicas: 2 });
    await run(30);
    expect(warnings.some((w) => w.includes('did not happen'))).toBe(true);
    expect(replicas()).toBe(2);
    expect(status().history?.scaleUpEvents).toEqual([{ time: T0 / 1000 + 30, change: 1 }]);
    await run(60);
    expect(replicas()).toBe(2);
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
