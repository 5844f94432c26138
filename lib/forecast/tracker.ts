/**
 * One resource's forecasters across ticks, for a replay: each tick appends what the metrics
 * read (it never sees a later row), forecasts every metric and keeps each day's model choice,
 * which depends only on the data before that day (lib/forecast/forecaster.ts).
 */
import type { Choice } from './choose.js';
import { chooseForDay, forecastWith, type Forecast, type ForecastTuning } from './forecaster.js';
import { DAY_SECONDS } from './seasonality.js';

export interface TrackerOptions {
  readonly names: readonly string[];
  readonly stepSeconds: number;
  readonly leadSeconds: number;
  readonly maxError: number;
  readonly tuning?: ForecastTuning;
}

export interface Tracker {
  /** Appends this tick's readings (undefined = failed read) and forecasts each metric. */
  observe(
    nowSeconds: number,
    readings: Readonly<Record<string, number | undefined>>,
  ): Record<string, Forecast>;
}

export function createTracker(o: TrackerOptions): Tracker {
  const history = new Map(o.names.map((n) => [n, [] as number[]]));
  const choices = new Map<string, { day: number; choice: Choice | undefined | 'none' }>();
  return {
    observe(nowSeconds, readings) {
      const out: Record<string, Forecast> = {};
      const day = Math.floor(nowSeconds / DAY_SECONDS);
      for (const [name, values] of history) {
        values.push(readings[name] ?? NaN);
        const input = {
          values,
          stepSeconds: o.stepSeconds,
          nowSeconds,
          leadSeconds: o.leadSeconds,
          periodSeconds: o.stepSeconds,
          maxError: o.maxError,
          tuning: o.tuning,
        };
        let kept = choices.get(name);
        if (kept?.day !== day) {
          kept = { day, choice: chooseForDay(input) };
          choices.set(name, kept);
        }
        out[name] = forecastWith(input, kept.choice);
      }
      return out;
    },
  };
}
