/**
 * The forecast in a live run (lib/forecast/live.ts): Observe reports, Active raises and never
 * lowers; a missing store, a short, damaged or seasonless history never fails the resource.
 */
import { decide } from '../../lib/decide/decide.js';
import { createChoiceCache } from '../../lib/forecast/choiceCache.js';
import { forecastLive } from '../../lib/forecast/live.js';
import type { ForecastSettings } from '../../lib/forecast/settings.js';
import { backfillHistory } from '../../lib/history/backfill.js';
import { encodeHistory } from '../../lib/history/codec.js';
import type { HistoryStore } from '../../lib/history/port.js';
import { toStoreKey, type HistorySource } from '../../lib/history/source.js';
import { createStoreHistorySource } from '../../lib/history/storeSource.js';
import { dailyDemand, demandSpec, START, toSeries } from '../support/forecastSeries.js';

const STEP = 300;
const PER_DAY = 86_400 / STEP;
/** 10:00 on the fourth day: the morning ramp, 3 days and 10 hours of history behind it. */
const NOW_INDEX = 3 * PER_DAY + 120;
const nowSeconds = START / 1000 + NOW_INDEX * STEP;
const key = { namespace: 'shop', name: 'web', metric: 'demand' };

function storeWith(text?: string) {
  const data = new Map<string, string>();
  if (text !== undefined) data.set(toStoreKey(key), text);
  const store: HistoryStore = {
    read: (k) => Promise.resolve(data.get(k)),
    write: (k, v) => Promise.resolve(void data.set(k, v)),
  };
  return createStoreHistorySource(store);
}

/** The history backfilled from a CSV series whose last row is the bucket before now. */
function historyOf(values: readonly number[]): string {
  const h = backfillHistory(toSeries(values, STEP), 'demand', STEP)!;
  return encodeHistory({ ...h, endSeconds: nowSeconds - STEP });
}

const ramp = dailyDemand(4, STEP);
const flat = Array.from({ length: 4 * PER_DAY }, (_, i) => (((i * 2654435761) >>> 0) % 97) + 1);
const throwing: HistorySource = { observe: () => Promise.reject(new Error('boom /etc/x')) };

type Case = {
  mode?: ForecastSettings['mode'] | 'none';
  source: HistorySource | undefined;
  reading: number;
  /** The workload's replicas now (default 2). */
  current?: number;
  state?: string;
  reason: RegExp;
  /** Default: the reactive answer. */
  desired?: number;
  used?: boolean;
};

const OBSERVE = { mode: 'Observe' as const };
const ACTIVE = { mode: 'Active' as const };
const CASES: [string, Case][] = [
  [
    'no spec.forecast: untouched',
    { mode: 'none', source: undefined, reading: 20, reason: /^$/, desired: 2 },
  ],
  [
    'no history store',
    { ...ACTIVE, source: undefined, reading: 20, state: 'Failed', reason: /no history store/ },
  ],
  [
    'one day of history: waits',
    {
      ...ACTIVE,
      source: storeWith(historyOf(ramp.slice(PER_DAY * 2, NOW_INDEX))),
      reading: 20,
      state: 'Waiting',
      reason: /has 34 h of history, needs 48 h/,
      desired: 2,
    },
  ],
  [
    'Observe: ready, reports the replicas, decision unchanged',
    {
      ...OBSERVE,
      source: storeWith(historyOf(ramp.slice(0, NOW_INDEX))),
      reading: 20,
      state: 'Ready',
      reason: /^demand: /,
      desired: 2,
      used: false,
    },
  ],
  [
    'Active: raises the reactive answer',
    {
      ...ACTIVE,
      source: storeWith(historyOf(ramp.slice(0, NOW_INDEX))),
      reading: 20,
      state: 'Ready',
      reason: /^demand: /,
      desired: 9,
      used: true,
    },
  ],
  [
    'Active: never lowers it',
    {
      ...ACTIVE,
      source: storeWith(historyOf(ramp.slice(0, NOW_INDEX))),
      reading: 500,
      current: 40,
      state: 'Ready',
      reason: /^demand: /,
      desired: 50,
      used: false,
    },
  ],
  [
    'a damaged history: failed, started afresh, reactive stands',
    {
      ...ACTIVE,
      source: storeWith('{not json'),
      reading: 20,
      state: 'Failed',
      reason: /history of demand: stored history is not JSON; started a new history/,
      desired: 2,
    },
  ],
  [
    'no season: steps aside',
    {
      ...ACTIVE,
      source: storeWith(historyOf(flat.slice(0, NOW_INDEX))),
      reading: 20,
      state: 'SteppedAside',
      reason: /no daily or weekly season found/,
      desired: 2,
    },
  ],
  [
    'a store that throws anything else: failed, no detail',
    { ...ACTIVE, source: throwing, reading: 20, state: 'Failed', reason: /unexpected error/ },
  ],
];

describe('forecastLive', () => {
  it.each(CASES)('%s', async (_name, c) => {
    const forecast = c.mode === 'none' ? undefined : { mode: c.mode, podStartupSeconds: 60 };
    const spec = demandSpec(10, forecast && { forecast });
    const metrics = [{ ok: true as const, value: c.reading }];
    const now = new Date(nowSeconds * 1000);
    const current = c.current ?? 2;
    const scale = { currentReplicas: current, statusReplicas: current };
    const reactive = decide({ spec, ...scale, metrics, now });
    const out = await forecastLive({
      source: c.source,
      stepSeconds: STEP,
      choices: createChoiceCache(),
      ...key,
      spec,
      metrics,
      decision: reactive,
      currentReplicas: current,
      nowSeconds,
    });
    expect(out.decision.desiredReplicas).toBe(c.desired ?? reactive.desiredReplicas);
    expect(out.decision.desiredReplicas).toBeGreaterThanOrEqual(reactive.desiredReplicas);
    expect(out.forecast?.state).toBe(c.state);
    expect(out.forecast?.reason ?? '').toMatch(c.reason);
    expect(out.forecast?.reason ?? '').not.toContain('/etc');
    if (c.used !== undefined) expect(out.forecast?.used).toBe(c.used);
    if (c.state === 'Ready') {
      expect(out.forecast?.replicas).toBe(9);
      expect(out.forecast?.leadSeconds).toBe(STEP + 60);
      expect(out.forecast?.model).toMatch(/\(day/);
    } else expect(out.forecast?.replicas).toBeUndefined();
  });

  it('keeps the day’s model choice: one choice a day per key', async () => {
    const choices = createChoiceCache(2);
    const spec = demandSpec(10, { forecast: { mode: 'Observe' } });
    const source = storeWith(historyOf(ramp.slice(0, NOW_INDEX)));
    const metrics = [{ ok: true as const, value: 20 }];
    const reactive = decide({
      spec,
      currentReplicas: 2,
      statusReplicas: 2,
      metrics,
      now: new Date(),
    });
    const input = { source, stepSeconds: STEP, choices, ...key, spec, metrics };
    const run = (at: number) =>
      forecastLive({ ...input, decision: reactive, currentReplicas: 2, nowSeconds: at });
    const a = await run(nowSeconds);
    const b = await run(nowSeconds + STEP);
    expect(choices.size()).toBe(1);
    expect(b.forecast?.model).toBe(a.forecast?.model);
  });
});
