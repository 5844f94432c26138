/** The per-resource and per-run report: what the CLI prints and the HTTP function returns. */
import type { MetricErrorKind } from '../metrics/types.js';

import type { LeaseSkip } from '../lease/shardLease.js';
import { formatSkip } from '../lease/shardLease.js';

/** `skipped`: the run lost its shard's lease before writing this resource (nothing written). */
export type Action = 'scaled' | 'unchanged' | 'held' | 'invalid' | 'error' | 'skipped';

export type MetricReport = number | { readonly error: MetricErrorKind };

export interface ResourceReport {
  readonly name: string;
  /** `Kind/namespace/name`; absent when the spec is too broken to name one. */
  readonly target?: string;
  readonly currentReplicas?: number;
  readonly desiredReplicas?: number;
  readonly metrics: Readonly<Record<string, MetricReport>>;
  /** With `spec.formula`: its value, what the target arithmetic used (or its error kind). */
  readonly formula?: MetricReport;
  readonly action: Action;
  readonly reason: string;
  /** Safe to publish: no URL query, header value, token or response body. */
  readonly message: string;
  /** Set for `spec.mode: Observe` (decided and recorded, never scaled). */
  readonly mode?: 'Observe';
  /** With `spec.forecast`: its state, what it asked for, and the value read (telemetry). */
  readonly forecast?: ForecastReport;
  /** A run for one `name` (CLI `--name`, HTTP `?name=`): the decision record in plain words. */
  readonly explain?: readonly string[];
}

export interface ForecastReport {
  readonly mode: 'Observe' | 'Active';
  readonly state: string;
  /** The forecast value and the replicas it asked for, when ready. */
  readonly value?: number;
  readonly replicas?: number;
  /** The value read this run, of the metric the forecast is about. */
  readonly actual?: number;
  readonly used: boolean;
}

export interface RunSummary {
  readonly seen: number;
  readonly scaled: number;
  readonly unchanged: number;
  readonly held: number;
  readonly invalid: number;
  readonly error: number;
  readonly skipped: number;
  /** Observe-mode resources whose decision was a rescale (reported as `unchanged`). */
  readonly wouldRescale?: number;
}

export interface RunReport {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly dryRun: boolean;
  readonly summary: RunSummary;
  readonly resources: readonly ResourceReport[];
  /** Run-wide problems that did not stop it (e.g. HPAs could not be listed); safe to publish. */
  readonly warnings?: readonly string[];
  /** The shard's lease is held by another run: nothing was read or written (`resources` empty). */
  readonly skipped?: LeaseSkip;
}

export function summarize(resources: readonly ResourceReport[]): RunSummary {
  const count = (a: Action) => resources.filter((r) => r.action === a).length;
  const would = resources.filter((r) => r.reason === 'WouldRescale').length;
  return {
    seen: resources.length,
    scaled: count('scaled'),
    unchanged: count('unchanged'),
    held: count('held'),
    invalid: count('invalid'),
    error: count('error'),
    skipped: count('skipped'),
    ...(would > 0 && { wouldRescale: would }),
  };
}

export function formatSummary(report: RunReport): string {
  if (report.skipped) return formatSkip(report.skipped);
  const s = report.summary;
  const dry = report.dryRun ? ' (dry run)' : '';
  return (
    `reconciled ${s.seen} BusinessScaling${s.seen === 1 ? '' : 's'} in ${report.durationMs} ms${dry}: ` +
    `scaled=${s.scaled} unchanged=${s.unchanged} held=${s.held} invalid=${s.invalid} error=${s.error}` +
    (s.skipped > 0 ? ` skipped=${s.skipped} (lease lost)` : '')
  );
}

/** One log line per resource: `cr=… target=ns/name current desired action reason`. */
export function formatResourceLine(r: ResourceReport): string {
  const parts = [`cr=${r.name}`, `target=${r.target ?? '-'}`];
  parts.push(`current=${r.currentReplicas ?? '-'}`, `desired=${r.desiredReplicas ?? '-'}`);
  if (r.mode !== undefined) parts.push(`mode=${r.mode}`);
  parts.push(`action=${r.action}`, `reason=${r.reason}`, `message=${JSON.stringify(r.message)}`);
  return parts.join(' ');
}
