/** Observe mode through the reconciler (fake port): decided and recorded, never scaled. */
import { parseSettings } from '../../lib/config.js';
import { reconcileAll } from '../../lib/reconcile/run.js';
import { formatTelemetry } from '../../lib/telemetry/telemetry.js';
import { FakeKube } from '../support/fakeKube.js';

const SPEC = {
  mode: 'Observe',
  scaleTargetRef: { kind: 'Deployment', name: 'web', namespace: 'shop' },
  maxReplicas: 20,
  metrics: [
    { name: 'q', http: { url: 'http://m/q' }, target: { type: 'AverageValue', averageValue: 10 } },
  ],
  behavior: {
    scaleDown: { stabilizationWindowSeconds: 0 },
    scaleUp: { policies: [{ type: 'Pods', value: 100, periodSeconds: 15 }] },
  },
};

describe('mode: Observe', () => {
  const kube = new FakeKube().addWorkload('Deployment', 'shop', 'web', 4).addScaling('web', SPEC);
  let value = 100;
  let t = Date.parse('2026-11-25T10:00:00Z');
  const run = async () => {
    t += 30_000;
    return reconcileAll({
      kube,
      settings: parseSettings({}),
      now: () => new Date(t),
      log: { info: () => undefined, warn: () => undefined },
      fetchBody: () => Promise.resolve({ ok: true, body: { value } }),
    });
  };

  it.each([
    // value, desired ceil(value / 10), new WouldRescale events
    [100, 10, 1], // would scale 4 → 10
    [100, 10, 0], // the same decision: no second event
    [60, 6, 1], // a new decision: a new event
    [40, 4, 0], // the current size: nothing would change, no event
  ])('value %i → status desired %i, %i new event(s), /scale untouched', async (v, desired, n) => {
    value = v;
    const before = kube.events('web').length;
    const report = await run();
    const events = kube.events('web').slice(before);
    expect(events).toHaveLength(n);
    for (const e of events) expect(e).toMatchObject({ type: 'Normal', reason: 'WouldRescale' });
    expect(kube.writes.filter((w) => w.op === 'patchScale')).toEqual([]);
    expect(kube.replicas('Deployment', 'shop', 'web')).toBe(4);
    const status = kube.scalings.get('web')!.status!;
    expect(status).toMatchObject({ mode: 'Observe', currentReplicas: 4, desiredReplicas: desired });
    expect(report.resources[0]).toMatchObject({ mode: 'Observe', action: 'unchanged' });
    const telemetry = formatTelemetry(report, { count: 1, p50Ms: 1, p95Ms: 1, maxMs: 1 })[0]!;
    expect(telemetry).toContain(`"wouldRescale":${desired > 4 ? 1 : 0}`);
  });
});
