/**
 * A fleet run: every cluster reconciled in parallel, each exactly like a single-cluster run.
 * A cluster that is down, denies access or cannot be resolved is reported with a safe message
 * and does not affect the others. The report is a RunReport (summary and resources over all
 * clusters, each resource naming its cluster) plus one entry per cluster.
 */
import { reconcileAll, type Logger, type RunDeps, type RunOptions } from '../reconcile/run.js';
import { summarize, type ResourceReport, type RunReport } from '../reconcile/report.js';
import type { KubePort } from '../kube/port.js';
import { describeRunError } from './errors.js';
import { formatSkip } from '../lease/shardLease.js';
import type { Shard } from '../shard/shard.js';

export interface FleetMember {
  /** `resourceGroup/name` of an AKS cluster (or any unique label). */
  readonly cluster: string;
  readonly kube: KubePort;
  /** The shard this member runs (default: `opts.shard`); its own lease. */
  readonly shard?: Shard;
}

export interface ClusterReport {
  readonly cluster: string;
  readonly ok: boolean;
  /** Why the cluster's run failed (safe to publish). */
  readonly error?: string;
  readonly report?: RunReport;
}

export interface FleetReport extends RunReport {
  readonly resources: readonly (ResourceReport & { readonly cluster: string })[];
  readonly clusters: readonly ClusterReport[];
}

export type FleetDeps = Omit<RunDeps, 'kube'>;

export async function reconcileFleet(
  members: readonly FleetMember[],
  deps: FleetDeps,
  opts: RunOptions = {},
): Promise<FleetReport> {
  const started = (deps.now ?? (() => new Date()))();
  const startedMs = performance.now();
  const clusters = await Promise.all(
    members.map(async ({ cluster, kube, shard }): Promise<ClusterReport> => {
      const log = prefixed(deps.log, `cluster=${cluster} `);
      try {
        const report = await reconcileAll(
          { ...deps, kube, log },
          { ...opts, shard: shard ?? opts.shard },
        );
        if (report.skipped) log.info(formatSkip(report.skipped));
        return { cluster, ok: true, report };
      } catch (err) {
        const error = describeRunError(err);
        log.warn(`run failed: ${error}`);
        return { cluster, ok: false, error };
      }
    }),
  );
  const resources = clusters.flatMap((c) =>
    (c.report?.resources ?? []).map((r) => ({ ...r, cluster: c.cluster })),
  );
  return {
    startedAt: started.toISOString(),
    durationMs: Math.round(performance.now() - startedMs),
    dryRun: opts.dryRun === true,
    summary: summarize(resources),
    resources,
    clusters,
  };
}

function prefixed(log: Logger, prefix: string): Logger {
  return { info: (l) => log.info(prefix + l), warn: (l) => log.warn(prefix + l) };
}

/** `fleet of 3 clusters (1 failed: rg/b): …` — the per-run line after the per-cluster lines. */
export function formatFleetSummary(report: FleetReport): string {
  const failed = report.clusters.filter((c) => !c.ok).map((c) => c.cluster);
  const skipped = report.clusters.filter((c) => c.report?.skipped).length;
  const s = report.summary;
  const dry = report.dryRun ? ' (dry run)' : '';
  return (
    `reconciled ${report.clusters.length} cluster${report.clusters.length === 1 ? '' : 's'} ` +
    `(${failed.length} failed${failed.length ? `: ${failed.join(', ')}` : ''}` +
    `${skipped ? `, ${skipped} skipped: lease held` : ''}), ` +
    `${s.seen} BusinessScaling${s.seen === 1 ? '' : 's'} in ${report.durationMs} ms${dry}: ` +
    `scaled=${s.scaled} unchanged=${s.unchanged} held=${s.held} invalid=${s.invalid} error=${s.error}` +
    (s.skipped > 0 ? ` skipped=${s.skipped} (lease lost)` : '')
  );
}
