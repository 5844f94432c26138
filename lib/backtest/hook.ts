/**
 * The forecast's hook into a replay: each tick, the forecaster (or a reference) sees what the
 * tick read, and `raiseByForecast` may raise the reactive decision (Active mode only).
 */
import { raiseByForecast, toForecastReplicas } from '../forecast/apply.js';
import type { Forecast } from '../forecast/forecaster.js';
import { leadOf } from '../forecast/settings.js';
import { createTracker } from '../forecast/tracker.js';
import type { ReplayOptions } from '../simulate/replay.js';
import type { Series } from '../simulate/series.js';
import type { ScalingSpec } from '../spec/types.js';
import type { BacktestEntry, BacktestOptions } from './types.js';

export interface ForecastHook {
  readonly adjust: NonNullable<ReplayOptions['adjust']>;
  /** Per tick: the forecast of the demand metric (undefined without one). */
  readonly forecasts: (Forecast | undefined)[];
}

/** The first metric with an AverageValue target: its name and the demand one pod serves. */
export function perPodOf(spec: ScalingSpec): { name: string; perPod: number } {
  for (const m of spec.metrics) {
    if (m.target?.type === 'AverageValue') return { name: m.name, perPod: m.target.averageValue };
  }
  throw new Error('backtest scores a metric with an AverageValue target (demand per pod)');
}

export function createForecastHook(
  entry: BacktestEntry,
  read: Series,
  demand: readonly number[],
  o: BacktestOptions,
): ForecastHook {
  const { spec, forecast, reference } = entry;
  const { name: demandName } = perPodOf(spec);
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
  const adjust: ForecastHook['adjust'] = (d, tick) => {
    const values: Record<string, number> = {};
    if (reference !== undefined) {
      const v = reference(tick.index, demand);
      if (v !== undefined) values[demandName] = v;
      forecasts.push(
        v === undefined
          ? undefined
          : { status: 'ready', value: v, model: entry.name, error: 0, reason: entry.name },
      );
    } else if (tracker !== undefined) {
      // The readings of this tick only: the tracker never sees a later row.
      const all = tracker.observe(tick.now.getTime() / 1000, read.rows[tick.index]!.values);
      forecasts.push(all[demandName]);
      for (const [n, f] of Object.entries(all)) if (f.status === 'ready') values[n] = f.value;
      if (forecast?.mode !== 'Active') return d;
    } else return d;
    const replicas = toForecastReplicas(spec, values, tick.currentReplicas);
    return raiseByForecast(d, replicas, tick.currentReplicas);
  };
  return { adjust, forecasts };
}
