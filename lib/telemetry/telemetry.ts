/**
 * Per-run telemetry through the Functions host's Application Insights integration: one trace
 * whose message is `businessScalerRun {json}` (KQL: `parse_json(substring(message, 18))`), one
 * `businessScalerCluster {json}` per cluster of a fleet. Only counts, durations, names and
 * reasons: no URL, header, token or body ever reaches these records.
 */
import type { FleetReport } from '../fleet/fleet.js';
import type { RunReport } from '../reconcile/report.js';
import type { LatencyStats } from './latency.js';

export const RUN_PREFIX = 'businessScalerRun ';
export const CLUSTER_PREFIX = 'businessScalerCluster ';
/** One per work message dropped (lib/fanout): `{queue, reason}`, or poisoned: `{queue, poison: true, …}`. */
export const WORK_DROPPED_PREFIX = 'businessScalerWorkDropped ';
/**
 * One per resource with `spec.forecast`: `{resource, cluster?, mode, state, actual, forecast,
 * forecastReplicas, replicas, used}` (docs/forecast.md plots them).
 */
export const FORECAST_PREFIX = 'businessScalerForecast ';

export interface RunTelemetry {
  readonly durationMs: number;
  readonly dryRun: boolean;
  readonly clusters: number;
  readonly clustersFailed: number;
  readonly seen: number;
  readonly scaled: number;
  readonly unchanged: number;
  readonly held: number;
  readonly invalid: number;
  /** Resources whose reconcile failed (`error`); `invalid` specs are counted apart. */
  readonly failed: number;
  /** Of those, resources whose status or scale write failed (or lost a 409 twice). */
  readonly failedWrites: number;
  /** Runs (cluster, shard) skipped because another run held their Lease: nothing done. */
  readonly leaseHeld: number;
  /** Resources left unwritten because the run lost its Lease mid-run (`action: skipped`). */
  readonly leaseLost: number;
  /** Observe-mode resources that would have been rescaled. */
  readonly wouldRescale: number;
  readonly metricFetches: number;
  readonly metricFetchP50Ms: number;
  readonly metricFetchP95Ms: number;
  readonly metricFetchMaxMs: number;
}

const isFleet = (r: RunReport | FleetReport): r is FleetReport => 'clusters' in r;

/** Report reasons of a failed write (lib/reconcile/write.ts). */
export const WRITE_FAILURES: ReadonlySet<string> = new Set([
  'FailedUpdateStatus',
  'FailedRescale',
  'StatusConflict',
]);

export function countFailedWrites(report: RunReport): number {
  return report.resources.filter((r) => r.action === 'error' && WRITE_FAILURES.has(r.reason))
    .length;
}

export function toRunTelemetry(
  report: RunReport | FleetReport,
  fetches: LatencyStats,
): RunTelemetry {
  const s = report.summary;
  const clusters = isFleet(report) ? report.clusters : [{ ok: true }];
  return {
    durationMs: report.durationMs,
    dryRun: report.dryRun,
    clusters: clusters.length,
    clustersFailed: clusters.filter((c) => !c.ok).length,
    seen: s.seen,
    scaled: s.scaled,
    unchanged: s.unchanged,
    held: s.held,
    invalid: s.invalid,
    failed: s.error,
    failedWrites: countFailedWrites(report),
    leaseHeld: isFleet(report)
      ? report.clusters.filter((c) => c.report?.skipped).length
      : report.skipped
        ? 1
        : 0,
    leaseLost: s.skipped,
    wouldRescale: s.wouldRescale ?? 0,
    metricFetches: fetches.count,
    metricFetchP50Ms: fetches.p50Ms,
    metricFetchP95Ms: fetches.p95Ms,
    metricFetchMaxMs: fetches.maxMs,
  };
}

/** The trace lines of a run: the run record, then one per cluster of a fleet. */
export function formatTelemetry(report: RunReport | FleetReport, fetches: LatencyStats): string[] {
  const lines = [RUN_PREFIX + JSON.stringify(toRunTelemetry(report, fetches))];
  lines.push(...formatForecasts(report));
  if (!isFleet(report)) return lines;
  for (const c of report.clusters) {
    const s = c.report?.summary;
    const leaseHeldBy = c.report?.skipped?.holder;
    const record = { cluster: c.cluster, ok: c.ok, failure: c.error, ...s, leaseHeldBy };
    lines.push(CLUSTER_PREFIX + JSON.stringify(record));
  }
  return lines;
}

/** The forecast, the value read and the replicas of each forecasting resource. */
export function formatForecasts(report: RunReport | FleetReport): string[] {
  return report.resources.flatMap((r) => {
    const f = r.forecast;
    if (f === undefined) return [];
    const cluster = 'cluster' in r ? r.cluster : undefined;
    const record = {
      resource: r.name,
      ...(cluster !== undefined && { cluster }),
      mode: f.mode,
      state: f.state,
      actual: f.actual,
      forecast: f.value,
      forecastReplicas: f.replicas,
      replicas: r.desiredReplicas,
      used: f.used,
    };
    return [FORECAST_PREFIX + JSON.stringify(record)];
  });
}
