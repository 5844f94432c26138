/**
 * KEDA fallback (`pkg/fallback`): after more than `failureThreshold` runs in a row with a failed
 * metric — any kind: timeout, HTTP, parse, blocked, DNS — the failed metrics propose `replicas`
 * (per `behavior`). Unlike KEDA it also applies from 0 replicas (kedacore/keda#7239) and counts
 * every failure before a value exists (#8056): the count lives in status, one per run.
 */
import type { MetricResult } from '../metrics/types.js';
import type { FallbackSpec } from '../spec/extraTypes.js';

/** A read failed, a result is missing, or a value is not a finite number. */
export function hasFailedMetric(results: readonly MetricResult[], expected: number): boolean {
  if (results.length < expected) return true;
  return results.some((r) => !r.ok || !Number.isFinite(r.value));
}

/** The next consecutive-failure count: +1 on a run with a failure, 0 on a clean run. */
export function countFailures(previous: number | undefined, failed: boolean): number {
  return failed ? (previous ?? 0) + 1 : 0;
}

/** Strictly greater, as KEDA: threshold 3 engages on the 4th failed run in a row. */
export function isFallbackEngaged(f: FallbackSpec | undefined, failures: number): boolean {
  return f !== undefined && failures > f.failureThreshold;
}

export function fallbackReplicas(f: FallbackSpec, current: number): number {
  switch (f.behavior) {
    case 'static':
    case 'lastKnownValue': // reached only once no fresh last value is left: static
      return f.replicas;
    case 'currentReplicas':
      return current;
    case 'currentReplicasIfHigher':
      return Math.max(current, f.replicas);
    case 'currentReplicasIfLower':
      return Math.min(current, f.replicas);
  }
}
