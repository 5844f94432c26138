/** The simulator and the reconciler agree: same spec, same series → same replicas every tick. */
import { parseSettings } from '../../lib/config.js';
import { reconcileAll } from '../../lib/reconcile/run.js';
import { replay } from '../../lib/simulate/replay.js';
import { parseSeries } from '../../lib/simulate/series.js';
import { effectiveBounds, openWindows } from '../../lib/schedule/windows.js';
import { parseScaling } from '../../lib/spec/parse.js';
import type { ScalingSpec } from '../../lib/spec/types.js';
import { FakeKube } from '../support/fakeKube.js';

const START = Date.parse('2026-03-30T06:00:00Z'); // Monday; 08:00 Berlin
// one tick a minute; empty cells are failed reads; 07:00Z = 09:00 Berlin opens "office"
const CSV = [
  'time,orders',
  ...[
    5,
    40,
    80,
    120,
    300,
    280,
    260,
    20,
    10,
    10,
    '',
    '',
    '',
    '',
    5,
    5,
    5,
    0,
    0,
    0,
    0,
    0,
    0,
    500,
    500,
    30,
  ].map((v, i) => `${i * 60 * 3},${v}`),
].join('\n');

const SPECS = {
  full: {
    scaleTargetRef: { kind: 'Deployment', name: 'web', namespace: 'shop' },
    minReplicas: 0,
    maxReplicas: 30,
    metrics: [
      {
        name: 'orders',
        http: { url: 'http://m/orders' },
        target: { type: 'AverageValue', averageValue: 20 },
      },
    ],
    behavior: {
      scaleDown: {
        stabilizationWindowSeconds: 600,
        policies: [{ type: 'Pods', value: 2, periodSeconds: 300 }],
      },
    },
    fallback: { failureThreshold: 2, replicas: 7 },
    activationThreshold: 1,
    cooldownPeriodSeconds: 900,
    schedules: [
      {
        name: 'office',
        start: '0 9 * * 1-5',
        duration: '1h',
        timeZone: 'Europe/Berlin',
        minReplicas: 4,
      },
    ],
  },
  original: {
    targetDeployment: 'web',
    targetNamespace: 'shop',
    metricSource: 'http://m/orders',
    scaleThresholds: { minUsers: 10, maxUsers: 400, minReplicas: 1, maxReplicas: 12 },
    behavior: { scaleUp: { policies: [{ type: 'Percent', value: 50, periodSeconds: 180 }] } },
  },
};

describe.each(Object.entries(SPECS))('simulate = reconcile (%s form)', (_, raw) => {
  it('same replicas after every tick', async () => {
    const parsed = parseScaling(raw);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const series = parseSeries(CSV.replace('orders', parsed.spec.metrics[0]!.name), START);
    const simulated = replay(parsed.spec, series).map((t) => t.replicas);

    const kube = new FakeKube();
    // the simulator starts at the effective minimum; so does the workload
    kube.addWorkload('Deployment', 'shop', 'web', initialOf(parsed.spec, series.rows[0]!.at));
    kube.addScaling('bs', raw);
    const reconciled: number[] = [];
    for (const row of series.rows) {
      const v = row.values[series.names[0]!];
      await reconcileAll({
        kube,
        settings: parseSettings({}),
        now: () => new Date(row.at),
        log: { info: () => undefined, warn: () => undefined },
        fetchBody: () =>
          Promise.resolve(
            v === undefined
              ? { ok: false, kind: 'timeout', message: 'm/orders: timed out after 5000 ms' }
              : { ok: true, body: { value: v, active_users: v } },
          ),
      });
      reconciled.push(kube.replicas('Deployment', 'shop', 'web')!);
    }
    expect(reconciled).toEqual(simulated);
    // the series exercises the rules it is meant to: not a flat line
    expect(new Set(simulated).size).toBeGreaterThan(3);
  });
});

function initialOf(spec: ScalingSpec, at: number): number {
  return effectiveBounds(spec, openWindows(spec.schedules, new Date(at))).minReplicas;
}
