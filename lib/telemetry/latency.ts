/** Metric fetch latencies of one run: wraps the fetch, keeps durations, summarises them. */
import type { FetchBody } from '../metrics/reader.js';

export interface LatencyStats {
  readonly count: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

export interface LatencyRecorder {
  wrap(fetch: FetchBody): FetchBody;
  stats(): LatencyStats;
}

export function createLatencyRecorder(
  now: () => number = () => performance.now(),
): LatencyRecorder {
  const samples: number[] = [];
  return {
    wrap: (fetch) => async (url, opts) => {
      const started = now();
      try {
        return await fetch(url, opts);
      } finally {
        samples.push(now() - started);
      }
    },
    stats: () => summarizeLatencies(samples),
  };
}

/** Nearest-rank percentiles, rounded to whole ms; all zero when there are no samples. */
export function summarizeLatencies(samples: readonly number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  return {
    count: sorted.length,
    p50Ms: Math.round(rank(50)),
    p95Ms: Math.round(rank(95)),
    maxMs: Math.round(sorted.at(-1) ?? 0),
  };
}
