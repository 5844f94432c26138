/**
 * The forecast in the live reconciler on a real kube-apiserver, with a file history store
 * backfilled with three days (lib/history/backfill.ts): Observe reports and leaves the workload
 * to the reactive answer, Active raises it, a damaged history is ForecastFailed while the
 * reactive decision is still applied, and stepping aside is one event, not one per run.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSettings } from '../../lib/config.js';
import { createChoiceCache } from '../../lib/forecast/choiceCache.js';
import { backfillHistory } from '../../lib/history/backfill.js';
import { decodeHistory, encodeHistory } from '../../lib/history/codec.js';
import { createHistorySource } from '../../lib/history/factory.js';
import { toFileName } from '../../lib/history/fileStore.js';
import { reconcileAll } from '../../lib/reconcile/run.js';
import type { Series } from '../../lib/simulate/series.js';
import { startMetricServer, type MetricServer } from '../../tools/metricServer.js';
import {
  createDeployment,
  createScaling,
  getReplicas,
  getScaling,
  listEvents,
} from '../../tools/admin.js';
import { describeIfCluster, useControlPlane } from '../harness/controlPlane.js';
import { setUpCluster } from '../support/builders/cluster.js';
import { freshPort, LOOPBACK_ENV, QUIET } from '../support/builders/runs.js';

const STEP = 300;
const DAY = 86_400;

/**
 * Three days and today so far, one value a bucket up to the one before now: 200 within half
 * an hour of this time of day (shifted one bucket ahead), 10 otherwise. `noise`: no season.
 */
function backfilledSeries(nowSeconds: number, noise: boolean): Series {
  const end = Math.floor(nowSeconds / STEP) * STEP - STEP;
  const start = Math.floor(nowSeconds / DAY) * DAY - 3 * DAY;
  const peak = (nowSeconds + STEP) % DAY;
  const rows = [];
  for (let t = start, i = 0; t <= end; t += STEP, i++) {
    const d = Math.abs((t % DAY) - peak);
    const near = Math.min(d, DAY - d) <= 1800;
    const v = noise ? (((i * 2654435761) >>> 0) % 97) + 1 : near ? 200 : 10;
    rows.push({ time: new Date(t * 1000).toISOString(), at: t * 1000, values: { demand: v } });
  }
  return { names: ['demand'], rows };
}

describeIfCluster('the forecast in the live reconciler', () => {
  const cp = useControlPlane();
  const dir = mkdtempSync(join(tmpdir(), 'bs-forecast-live-'));
  let metrics: MetricServer;
  const fileOf = (name: string) => join(dir, toFileName(`shop/${name}/demand`));
  const settings = parseSettings({ ...LOOPBACK_ENV, HISTORY_DIR: dir });
  const deps = { history: createHistorySource(settings), forecastChoices: createChoiceCache() };

  const run = () => reconcileAll({ kube: freshPort(cp(), 'admin'), settings, log: QUIET, ...deps });
  const spec = (name: string, mode: string) => ({
    scaleTargetRef: { kind: 'Deployment', name, namespace: 'shop' },
    minReplicas: 1,
    maxReplicas: 30,
    metrics: [
      {
        name: 'demand',
        http: { url: `${metrics.baseUrl}/${name}`, valuePath: 'active_users' },
        target: { type: 'AverageValue', averageValue: 10 },
      },
    ],
    forecast: { mode },
  });
  const condition = async (name: string) =>
    (await getScaling(cp(), name)).status?.conditions?.find((c) => c.type === 'Forecast');

  beforeAll(async () => {
    // The reactive answer: 20 → 2 replicas (as they run); 40 → 4.
    metrics = await startMetricServer({ value: (url) => (url.includes('dmg') ? 40 : 20) });
    await setUpCluster(cp(), { namespaces: ['shop'], leaseNamespace: true }); // the shard Lease
    const now = Date.now() / 1000;
    for (const [name, noise] of [
      ['obs', false],
      ['act', false],
      ['aside', true],
    ] as const) {
      const h = backfillHistory(backfilledSeries(now, noise), 'demand', STEP);
      writeFileSync(fileOf(name), encodeHistory(h!));
    }
    writeFileSync(fileOf('dmg'), '{"v":1,"step":300,"end":0,"data":"AAA="}');
    for (const [name, mode] of [
      ['obs', 'Observe'],
      ['act', 'Active'],
      ['dmg', 'Active'],
      ['aside', 'Active'],
    ] as const) {
      await createDeployment(cp(), 'shop', name, 2);
      await createScaling(cp(), { metadata: { name }, spec: spec(name, mode) });
    }
  });
  afterAll(async () => {
    await metrics.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('Observe reports, Active raises, a damaged history fails alone, aside is one event', async () => {
    const report = await run();
    const byName = (n: string) => report.resources.find((r) => r.name === n);

    // Observe: ready with replicas; the workload stays at the reactive answer.
    const obs = (await getScaling(cp(), 'obs')).status;
    expect(obs?.forecast).toMatchObject({ mode: 'Observe', state: 'Ready', replicas: 20 });
    expect(obs?.forecast?.leadSeconds).toBe(STEP + 60);
    expect(await condition('obs')).toMatchObject({ status: 'True', reason: 'ForecastObserved' });
    expect(byName('obs')).toMatchObject({ desiredReplicas: 2 });
    expect((await getReplicas(cp(), 'Deployment', 'shop', 'obs')).spec).toBe(2);

    // Active: the forecast raises 2 to 20 ahead of the peak.
    expect((await getScaling(cp(), 'act')).status?.forecast).toMatchObject({ state: 'Ready' });
    expect(await condition('act')).toMatchObject({ status: 'True', reason: 'ForecastActive' });
    expect(byName('act')).toMatchObject({ action: 'scaled', reason: 'Forecast' });
    expect((await getReplicas(cp(), 'Deployment', 'shop', 'act')).spec).toBe(20);

    // Damaged: ForecastFailed, started afresh, and the reactive 2 → 4 still applied.
    expect(await condition('dmg')).toMatchObject({ status: 'False', reason: 'ForecastFailed' });
    expect((await condition('dmg'))?.message).toMatch(/cut short; started a new history/);
    expect((await getReplicas(cp(), 'Deployment', 'shop', 'dmg')).spec).toBe(4);
    expect(decodeHistory(readFileSync(fileOf('dmg'), 'utf8')).values).toEqual([40]);

    // No season: steps aside, the reactive answer (2) stands.
    const aside = await condition('aside');
    expect(aside).toMatchObject({ status: 'False', reason: 'ForecastSteppedAside' });
    expect((await getReplicas(cp(), 'Deployment', 'shop', 'aside')).spec).toBe(2);

    await run(); // still aside: no second event
    const events = (await listEvents(cp(), 'default')).filter(
      (e) => e.involvedObject.name === 'aside' && e.reason === 'ForecastSteppedAside',
    );
    expect(events).toHaveLength(1);
    expect(events[0]?.message).toMatch(/no daily or weekly season found/);
    // The damaged one waits now, on its fresh history.
    expect(await condition('dmg')).toMatchObject({ reason: 'ForecastWaiting' });
  });
});
