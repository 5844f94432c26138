/** Backfill: a history from a CSV series (lib/simulate/series.ts), one metric's column. */
import type { Series } from '../simulate/series.js';
import { appendReading, type MetricHistory } from './codec.js';

export function backfillHistory(
  series: Series,
  metric: string,
  stepSeconds: number,
): MetricHistory | undefined {
  let h: MetricHistory | undefined;
  for (const row of series.rows) {
    const v = row.values[metric];
    h = appendReading(h, Math.floor(row.at / 1000), v ?? NaN, stepSeconds).history;
  }
  return h;
}
