/**
 * One spec over one demand series, through the reconciler's own decision code
 * (lib/simulate/replay.ts). The setup of docs/forecast.md: the series holds the demand of each
 * bucket; the tick that opens a bucket reads the previous bucket's value (the metric is read
 * after the demand arrived); a pod serves `startupSeconds` after the tick that asked for it.
 */
import { raiseByForecast, toForecastReplicas } from '../forecast/apply.js';
import type { Forecast, ForecastTuning } from '../forecast/forecaster.js';
import { leadOf, type ForecastSettings } from '../forecast/settings.js';
import { createTracker } from '../forecast/tracker.js';
import { replay, type SimTick } from '../simulate/replay.js';
import type { Series } from '../simulate/series.js';
import type { ScalingSpec } from '../spec/types.js';
import { scoreReplay, type Score } from './score.js';

export interface BacktestEntry {
  readonly name: string;
  readonly spec: ScalingSpec;
  readonly forecast?: ForecastSettings;
  /** A reference in place of the forecaster (lib/backtest/references.ts): tick index → value. */
  readonly reference?: (index: number, demand: readonly number[]) => number | undefined;
}

export interface BacktestOptions {
  readonly stepSeconds: number;
  readonly startupSeconds: number;
  /** Ticks before this index warm the replay up and are not scored. */
  readonly scoreFrom: number;
  readonly initialReplicas?: number;
  readonly tuning?: ForecastTuning;
}

export interface BacktestResult {
  readonly name: string;
  readonly score: Score;
  readonly ticks: readonly SimTick[];
  /** Per tick: the forecast of the first metric (undefined without spec.forecast). */
  readonly forecasts: readonly (Forecast | undefined)[];
  readonly demand: readonly number[];
}

/** Tick k reads bucket k − 1; the first bucket has no tick before it and is dropped. */
export function toReadSeries(series: Series): Series {
  const rows = series.rows.slice(1).map((row, i) => ({ ...row, values: series.rows[i]!.values }));
  return { names: series.names, rows };
}

/** The first metric with an AverageValue target: its name and the demand one pod serves. */
export function perPodOf(spec: ScalingSpec): { name: string; perPod: number } {
  for (const m of spec.metrics) {
    if (m.target?.type === 'AverageValue') return { name: m.name, perPod: m.target.averageValue };
  }
  throw new Error('backtest scores a metric with an AverageValue target (demand per pod)');
}

export function runBacktest(
  series: Series,
  entry: BacktestEntry,
  o: BacktestOptions,
): BacktestResult {
  const { spec, forecast } = entry;
  const { name: demandName, perPod } = perPodOf(spec);
  const read = toReadSeries(series);
  const demand = read.rows.map((_, i) => series.rows[i + 1]!.values[demandName] ?? 0);
  const forecasts: (Forecast | undefined)[] = [];
  const tracker =
    forecast &&
    createTracker({
      names: spec.metrics.map((m) => m.name),
      stepSeconds: o.stepSeconds,
      leadSeconds: leadOf(forecast, o.stepSeconds),
      maxError: forecast.maxError,
      tuning: o.tuning,
    });
  const { reference } = entry;
  const ticks = replay(spec, read, {
    initialReplicas: o.initialReplicas,
    adjust: (d, tick) => {
      if (reference !== undefined) {
        const v = reference(tick.index, demand);
        forecasts.push(
          v === undefined
            ? undefined
            : { status: 'ready', value: v, model: entry.name, error: 0, reason: entry.name },
        );
        const values: Record<string, number> = v === undefined ? {} : { [demandName]: v };
        return raiseByForecast(
          d,
          toForecastReplicas(spec, values, tick.currentReplicas),
          tick.currentReplicas,
        );
      }
      if (tracker === undefined || forecast === undefined) return d;
      const all = tracker.observe(tick.now.getTime() / 1000, read.rows[tick.index]!.values);
      forecasts.push(all[demandName]);
      const values: Record<string, number> = {};
      for (const [n, f] of Object.entries(all)) if (f.status === 'ready') values[n] = f.value;
      if (forecast.mode !== 'Active') return d;
      return raiseByForecast(
        d,
        toForecastReplicas(spec, values, tick.currentReplicas),
        tick.currentReplicas,
      );
    },
  });
  const score = scoreReplay({
    demand,
    replicas: ticks.map((t) => t.replicas),
    perPod,
    stepSeconds: o.stepSeconds,
    startupSeconds: o.startupSeconds,
    from: o.scoreFrom,
  });
  return { name: entry.name, score, ticks, forecasts, demand };
}
