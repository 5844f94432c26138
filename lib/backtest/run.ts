/**
 * One spec over one demand series, through the reconciler's own decision code
 * (lib/simulate/replay.ts). The setup of docs/forecast.md: the series holds the demand of each
 * bucket; the tick that opens a bucket reads the previous bucket's value (the metric is read
 * after the demand arrived); a pod serves `startupSeconds` after the tick that asked for it.
 */
import type { Forecast } from '../forecast/forecaster.js';
import { replay, type SimTick } from '../simulate/replay.js';
import { createForecastHook, perPodOf } from './hook.js';
import type { Series } from '../simulate/series.js';
import type { ScalingSpec } from '../spec/types.js';
import { scoreReplay, type Score } from './score.js';
import type { BacktestEntry, BacktestOptions } from './types.js';

export type { BacktestEntry, BacktestOptions } from './types.js';

export interface BacktestResult {
  readonly name: string;
  readonly spec: ScalingSpec;
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

export function runBacktest(
  series: Series,
  entry: BacktestEntry,
  o: BacktestOptions,
): BacktestResult {
  const { name: demandName, perPod } = perPodOf(entry.spec);
  const read = toReadSeries(series);
  const demand = read.rows.map((_, i) => series.rows[i + 1]!.values[demandName] ?? 0);
  const hook = createForecastHook(entry, read, demand, o);
  const ticks = replay(entry.spec, read, {
    initialReplicas: o.initialReplicas,
    adjust: hook.adjust,
  });
  const score = scoreReplay({
    demand,
    replicas: ticks.map((t) => t.replicas),
    perPod,
    stepSeconds: o.stepSeconds,
    startupSeconds: o.startupSeconds,
    from: o.scoreFrom,
  });
  return { name: entry.name, spec: entry.spec, score, ticks, forecasts: hook.forecasts, demand };
}
