/**
 * Where the live forecaster gets a metric's history (the contract between the reconciler and
 * the history backends): a stored history (a HistoryStore: file, Azure Storage) that this run's
 * reading is appended to, or a Prometheus range query that stores nothing.
 */
import type { MetricHistory } from './codec.js';

export interface HistoryKey {
  readonly namespace: string;
  /** The BusinessScaling's name. */
  readonly name: string;
  /** The metric's name in the spec. */
  readonly metric: string;
}

export interface HistorySource {
  /**
   * The metric's history through the bucket of `nowSeconds`, with this run's `reading` in it
   * (undefined = the read failed). A stored history is written at most once per bucket.
   * Rejects with a HistoryError (lib/history/codec.ts) whose message is safe to show.
   */
  observe(
    key: HistoryKey,
    nowSeconds: number,
    reading: number | undefined,
    stepSeconds: number,
  ): Promise<MetricHistory | undefined>;
}

/** `namespace/name/metric`: the key a HistoryStore holds a history under. */
export const toStoreKey = (k: HistoryKey): string => `${k.namespace}/${k.name}/${k.metric}`;
