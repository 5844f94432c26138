/**
 * The HistorySource of a metric whose source is Prometheus: its own range query over the
 * forecaster's window (DEFAULT_TUNING.historyDays, at most MAX_POINTS steps) ending at the
 * bucket of `now`, evaluated at the start of each bucket (as a stored history keeps the first
 * reading of a bucket). Nothing is stored. This run's reading fills the last bucket when the
 * range lacks it; steps before the series' first sample are dropped, so the history's length
 * is its age (the forecaster's "has N h of history" reads the same as from a store).
 */
import { DEFAULT_TUNING } from '../forecast/forecaster.js';
import type { PrometheusMetricSource } from '../spec/types.js';
import { HistoryError, MAX_POINTS, type MetricHistory } from './codec.js';
import { readPromRange, type RangeDeps, type RangeRequest } from './promRange.js';
import type { HistorySource } from './source.js';

export interface PromHistoryDeps extends RangeDeps {
  /** The metric's `prometheus` source (server, query, auth). */
  readonly source: PrometheusMetricSource;
  /** Default DEFAULT_TUNING.historyDays (22). */
  readonly historyDays?: number;
}

/** The steps of the window ending at the bucket of `nowSeconds`. */
export function toHistoryRange(
  nowSeconds: number,
  stepSeconds: number,
  historyDays: number = DEFAULT_TUNING.historyDays,
): RangeRequest {
  const end = Math.floor(nowSeconds / stepSeconds) * stepSeconds;
  const wanted = Math.round((historyDays * 86_400) / stepSeconds);
  const points = Math.max(1, Math.min(MAX_POINTS, wanted, Math.floor(end / stepSeconds) + 1));
  return { startSeconds: end - (points - 1) * stepSeconds, stepSeconds, points };
}

export function createPromHistorySource(deps: PromHistoryDeps): HistorySource {
  return {
    async observe(key, nowSeconds, reading, stepSeconds): Promise<MetricHistory | undefined> {
      if (!Number.isInteger(stepSeconds) || stepSeconds < 1) {
        throw new HistoryError(`metric ${key.metric}: the history step must be whole seconds`);
      }
      const range = toHistoryRange(nowSeconds, stepSeconds, deps.historyDays);
      const result = await readPromRange(deps.source, range, deps);
      if (!result.ok) {
        throw new HistoryError(`metric ${key.metric}: range query ${result.message}`);
      }
      const values = [...result.history.values];
      const last = values.length - 1;
      if (Number.isNaN(values[last]) && reading !== undefined) values[last] = reading;
      const first = values.findIndex((v) => !Number.isNaN(v));
      if (first < 0) return undefined;
      return { stepSeconds, endSeconds: result.history.endSeconds, values: values.slice(first) };
    },
  };
}
