/** The report as an aligned text table (the CLI's default output). */
import type { MetricReport, RunReport } from '../reconcile/report.js';
import { toInert } from '../util/inert.js';

function formatMetrics(
  metrics: Readonly<Record<string, MetricReport>>,
  formula: MetricReport | undefined,
): string {
  const all =
    formula === undefined
      ? Object.entries(metrics)
      : [...Object.entries(metrics), ['formula', formula] as const];
  const parts = all.map(([name, m]) =>
    typeof m === 'number' ? `${name}=${m}` : `${name}=!${m.error}`,
  );
  return parts.length ? parts.join(',') : '-';
}

/** A fleet run's resources name their cluster: then the table gets a CLUSTER column first. */
const clusterOf = (r: object): string | undefined =>
  'cluster' in r && typeof r.cluster === 'string' ? r.cluster : undefined;

export function formatTable(report: RunReport): string {
  const fleet = report.resources.some((r) => clusterOf(r) !== undefined);
  const header = ['NAME', 'TARGET', 'METRICS', 'CURRENT', 'DESIRED', 'ACTION', 'REASON'];
  const rows = report.resources.map((r) => [
    r.name,
    r.target ?? '-',
    formatMetrics(r.metrics, r.formula),
    String(r.currentReplicas ?? '-'),
    String(r.desiredReplicas ?? '-'),
    r.action === 'scaled' && report.dryRun ? 'would scale' : r.action,
    r.action === 'error' || r.action === 'invalid' || r.action === 'held' ? r.message : r.reason,
  ]);
  if (fleet) {
    header.unshift('CLUSTER');
    report.resources.forEach((r, i) => rows[i]!.unshift(clusterOf(r) ?? '-'));
  }
  // Names, targets and messages may carry status or spec text: escaped, one line per row.
  rows.forEach((row) => row.forEach((cell, i) => (row[i] = toInert(cell))));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}
