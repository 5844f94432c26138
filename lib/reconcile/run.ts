/** A whole run: list → per resource in parallel (bounded) → report. Only a failed list fails it. */
import type { Settings } from '../config.js';
import type { KubePort } from '../kube/port.js';
import { MetricReader } from '../metrics/reader.js';
import type { BodyResult, MetricFetchOptions } from '../metrics/types.js';
import { createLimiter } from '../util/limit.js';
import { reconcileOne } from './one.js';
import { formatResourceLine, summarize, type ResourceReport, type RunReport } from './report.js';

export interface Logger {
  info(line: string): void;
  warn(line: string): void;
}

export interface RunDeps {
  readonly kube: KubePort;
  readonly settings: Settings;
  readonly log: Logger;
  readonly now?: () => Date;
  /** Injected in tests; defaults to the shared keep-alive axios fetch. */
  readonly fetchBody?: (url: string, opts: MetricFetchOptions) => Promise<BodyResult>;
}

export interface RunOptions {
  readonly dryRun?: boolean;
  /** Reconcile only the BusinessScaling with this name. */
  readonly name?: string;
}

export async function reconcileAll(deps: RunDeps, opts: RunOptions = {}): Promise<RunReport> {
  const clock = deps.now ?? (() => new Date());
  const started = clock();
  const startedMs = performance.now();
  const all = await deps.kube.listScalings();
  const items = opts.name === undefined ? all : all.filter((o) => o.metadata.name === opts.name);
  const s = deps.settings;
  const metrics = new MetricReader(
    { timeoutMs: s.metricTimeoutMs, maxBytes: s.metricMaxBytes, concurrency: s.metricConcurrency },
    deps.fetchBody,
  );
  const ctx = {
    kube: deps.kube,
    metrics,
    kubeLimit: createLimiter(s.kubeConcurrency),
    now: started,
    dryRun: opts.dryRun === true,
    warn: (line: string) => deps.log.warn(line),
  };
  const resources: ResourceReport[] = await Promise.all(
    items.map((o) =>
      reconcileOne(ctx, o).catch((err: unknown) => toInternalError(o.metadata.name, err)),
    ),
  );
  for (const r of resources) {
    const line = formatResourceLine(r);
    if (r.action === 'error' || r.action === 'invalid' || r.action === 'held') deps.log.warn(line);
    else deps.log.info(line);
  }
  return {
    startedAt: started.toISOString(),
    durationMs: Math.round(performance.now() - startedMs),
    dryRun: ctx.dryRun,
    summary: summarize(resources),
    resources,
  };
}

/** A bug in one resource's path must not take the run down with it. */
function toInternalError(name: string, err: unknown): ResourceReport {
  const kind = err instanceof Error ? err.name : typeof err;
  return {
    name,
    metrics: {},
    action: 'error',
    reason: 'InternalError',
    message: `internal error (${kind})`,
  };
}
