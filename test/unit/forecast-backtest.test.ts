/**
 * The forecast in a backtest: causal (a backtest cut at T decides as the full one up to T),
 * never below the reactive answer, waits without enough history, steps aside when wrong.
 */
import fc from 'fast-check';
import { createForecastHook } from '../../lib/backtest/hook.js';
import { runBacktest, toReadSeries, type BacktestEntry } from '../../lib/backtest/run.js';
import { DEFAULT_TUNING, forecastMetric } from '../../lib/forecast/forecaster.js';
import type { ForecastSettings } from '../../lib/forecast/settings.js';
import { replay } from '../../lib/simulate/replay.js';
import { dailyDemand, demandSpec, toSeries } from '../support/forecastSeries.js';

const HOUR = 3600;
const ACTIVE: ForecastSettings = { mode: 'Active', podStartupSeconds: HOUR, maxError: 0.5 };
const OPTIONS = { stepSeconds: HOUR, startupSeconds: HOUR, scoreFrom: 0 };
const noise = (i: number) => ((i * 7919) % 23) - 11;

describe('forecast in a backtest', () => {
  const values = dailyDemand(24, HOUR, noise);
  const entry: BacktestEntry = { name: 'f', spec: demandSpec(), forecast: ACTIVE };

  it('is causal: a backtest cut at T decides as the full one up to T', () => {
    const full = runBacktest(toSeries(values, HOUR), entry, OPTIONS);
    for (const cut of [24 * 3 + 13, 24 * 9 + 2, 24 * 15 + 7, 24 * 18 + 17, 24 * 20, 24 * 22 + 9]) {
      const part = runBacktest(toSeries(values.slice(0, cut), HOUR), entry, OPTIONS);
      const n = part.ticks.length;
      expect(part.ticks.map((t) => t.replicas)).toEqual(
        full.ticks.slice(0, n).map((t) => t.replicas),
      );
      expect(part.forecasts).toEqual(full.forecasts.slice(0, n));
    }
    // the forecast engaged and raised the answer somewhere, so the comparison means something
    expect(full.forecasts.some((f) => f?.status === 'ready')).toBe(true);
    const reactive = runBacktest(
      toSeries(values, HOUR),
      { name: 'r', spec: demandSpec() },
      OPTIONS,
    );
    expect(full.score.underPodMinutes).toBeLessThan(reactive.score.underPodMinutes);
  });

  it.each([[['hw'] as const], [['fft'] as const]])(
    'is causal with only %s models competing',
    (families) => {
      const options = { ...OPTIONS, tuning: { ...DEFAULT_TUNING, families } };
      const full = runBacktest(toSeries(values, HOUR), entry, options);
      for (const cut of [24 * 9 + 2, 24 * 15 + 7, 24 * 20, 24 * 22 + 9]) {
        const part = runBacktest(toSeries(values.slice(0, cut), HOUR), entry, options);
        const n = part.ticks.length;
        expect(part.ticks.map((t) => t.replicas)).toEqual(
          full.ticks.slice(0, n).map((t) => t.replicas),
        );
        expect(part.forecasts).toEqual(full.forecasts.slice(0, n));
      }
      const ready = full.forecasts.filter((f) => f?.status === 'ready');
      expect(ready.length).toBeGreaterThan(0);
      for (const f of ready) expect(f.model.startsWith(`${families[0]}(`)).toBe(true);
    },
  );

  it('waits with under two days of history and says how much it has', () => {
    const f = forecastMetric({
      values: values.slice(0, 30),
      stepSeconds: HOUR,
      nowSeconds: 30 * HOUR,
      leadSeconds: 2 * HOUR,
      periodSeconds: HOUR,
      maxError: 0.5,
    });
    expect(f).toEqual({ status: 'waiting', reason: 'has 30 h of history, needs 48 h (two days)' });
  });

  it('steps aside when its rolling error is above maxError, and says why', () => {
    const input = {
      values: values.slice(0, 24 * 10),
      stepSeconds: HOUR,
      nowSeconds: 24 * 10 * HOUR,
      leadSeconds: 2 * HOUR,
      periodSeconds: HOUR,
    };
    expect(forecastMetric({ ...input, maxError: 0.5 }).status).toBe('ready');
    const aside = forecastMetric({ ...input, maxError: 0.001 });
    expect(aside.status).toBe('aside');
    expect(aside.reason).toMatch(/^error 0\.\d+ above maxError 0\.001$/);
  });

  it('never yields fewer replicas than the reactive answer, over random specs and series', () => {
    const arb = fc.record({
      perPod: fc.integer({ min: 1, max: 40 }),
      min: fc.integer({ min: 0, max: 5 }),
      span: fc.integer({ min: 0, max: 30 }),
      behavior: fc.boolean(),
      startup: fc.constantFrom(0, HOUR, 2 * HOUR),
      days: fc.integer({ min: 3, max: 10 }),
      amplitude: fc.integer({ min: 0, max: 300 }),
      jitter: fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 30 }),
      // all the models, or only Holt-Winters, or only the FFT estimator (which needs 7 days)
      families: fc.constantFrom(undefined, ['hw' as const], ['fft' as const]),
    });
    let raised = 0;
    fc.assert(
      fc.property(arb, (a) => {
        const spec = demandSpec(a.perPod, {
          minReplicas: a.min,
          maxReplicas: a.min + a.span + 1,
          ...(a.behavior ? {} : { behavior: undefined }),
        });
        const demand = dailyDemand(a.days, HOUR, (i) => a.jitter[i % a.jitter.length]!).map((v) =>
          Math.max(0, Math.round((v * a.amplitude) / 100)),
        );
        const read = toReadSeries(toSeries(demand, HOUR));
        const settings = { ...ACTIVE, podStartupSeconds: a.startup };
        const hook = createForecastHook({ name: 'p', spec, forecast: settings }, read, demand, {
          ...OPTIONS,
          startupSeconds: a.startup,
          tuning: { ...DEFAULT_TUNING, families: a.families },
        });
        replay(spec, read, {
          adjust: (d, tick) => {
            const out = hook.adjust(d, tick);
            if (out.desiredReplicas > d.desiredReplicas) raised++;
            if (d.action !== 'held')
              expect(out.desiredReplicas).toBeGreaterThanOrEqual(d.desiredReplicas);
            else expect(out).toBe(d);
            expect(out.desiredReplicas).toBeLessThanOrEqual(spec.maxReplicas);
            return out;
          },
        });
      }),
      { numRuns: 40 },
    );
    expect(raised).toBeGreaterThan(0); // the forecast did act in the runs
  });
});
