/** Shared by the Functions handlers: log a run's summary and telemetry lines; judge a fleet run. */
import type { InvocationContext } from '@azure/functions';
import type { AppRun } from './runtime.js';
import { formatFleetSummary, type FleetReport } from '../fleet/fleet.js';
import type { Logger } from '../reconcile/run.js';
import { formatSummary, type RunReport } from '../reconcile/report.js';
import { countFailedWrites, formatTelemetry } from '../telemetry/telemetry.js';

export const isFleetReport = (r: RunReport | FleetReport): r is FleetReport => 'clusters' in r;

export function loggerOf(context: InvocationContext): Logger {
  return { info: (l) => context.log(l), warn: (l) => context.warn(l) };
}

export function logRun(context: InvocationContext, run: AppRun): void {
  const { report } = run;
  context.log(isFleetReport(report) ? formatFleetSummary(report) : formatSummary(report));
  for (const line of formatTelemetry(report, run.metricFetches)) context.log(line);
  // Each failed resource already has its own warning line; this one counts them for alerts.
  const failedWrites = countFailedWrites(report);
  if (report.summary.error > 0) {
    context.warn(
      `${report.summary.error} BusinessScaling(s) failed this run, ${failedWrites} of them ` +
        'on a status or scale write; see the lines above (reason=…)',
    );
  }
}

/**
 * Every run of the invocation found its shard's lease held by another run: nothing was done
 * (HTTP 409, CLI exit 4).
 */
export function allSkipped(report: RunReport | FleetReport): boolean {
  if (!isFleetReport(report)) return report.skipped !== undefined;
  const { clusters } = report;
  return clusters.length > 0 && clusters.every((c) => c.report?.skipped !== undefined);
}

/** A fleet run fails only when every cluster failed (the message names each, safely). */
export function fleetFailure(report: RunReport | FleetReport): string | undefined {
  if (!isFleetReport(report) || report.clusters.length === 0) return undefined;
  if (report.clusters.some((c) => c.ok)) return undefined;
  return `every cluster failed: ${report.clusters.map((c) => `${c.cluster}: ${c.error}`).join('; ')}`;
}
