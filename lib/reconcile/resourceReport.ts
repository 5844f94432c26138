/** One resource's line in the run report, from its outcome and what was written. */
import { Reason } from '../reasons.js';
import type { MetricResult } from '../metrics/types.js';
import type { ScalingSpec } from '../spec/types.js';
import { describeTarget, formatFieldErrors, type Outcome } from './outcome.js';
import type { ForecastReport, MetricReport, ResourceReport } from './report.js';
import type { LiveForecast } from '../forecast/live.js';
import type { Written } from './write.js';

function toMetricReports(spec: ScalingSpec, metrics: readonly MetricResult[]) {
  const out: Record<string, MetricReport> = {};
  spec.metrics.forEach((m, i) => {
    const r = metrics[i];
    if (r) out[m.name] = r.ok ? r.value : { error: r.kind };
  });
  return out;
}

function toForecastReport(f: LiveForecast): ForecastReport {
  const { mode, state, value, replicas, actual, used } = f;
  return { mode, state, value, replicas, actual, used };
}

export function toResourceReport(
  name: string,
  outcome: Outcome,
  dryRun: boolean,
  written?: Written,
): ResourceReport {
  const report = toOutcomeReport(name, outcome, dryRun);
  if (written?.refused) {
    // The run lost its shard lease (lib/lease): this resource is left to the next run.
    const why = written.statusError ?? 'the run lost its shard lease';
    const message = `${why}; nothing of it sent after that; the next run decides again`;
    return { ...report, action: 'skipped', reason: Reason.LeaseLost, message };
  }
  if (written?.statusError === undefined) return report;
  // A failed record is an error whatever was decided: nothing was scaled on it.
  const reason = written.conflict ? Reason.StatusConflict : Reason.FailedUpdateStatus;
  const what = written.conflict
    ? 'the status changed again since it was re-read (409); left for the next run'
    : `status not written (${written.statusError}); nothing scaled, the next run decides again`;
  return { ...report, action: 'error', reason, message: what };
}

function toOutcomeReport(name: string, outcome: Outcome, dryRun: boolean): ResourceReport {
  if (outcome.kind === 'invalid') {
    const message = formatFieldErrors(outcome.errors);
    return { name, metrics: {}, action: 'invalid', reason: 'InvalidSpec', message };
  }
  const target = describeTarget(outcome.spec);
  if (outcome.kind === 'conflict') {
    return {
      name,
      target,
      metrics: {},
      action: 'held',
      reason: 'Conflict',
      message: outcome.message,
    };
  }
  if (outcome.kind === 'target-error') {
    const reason = outcome.status === 404 ? 'TargetNotFound' : 'FailedGetScale';
    return { name, target, metrics: {}, action: 'error', reason, message: outcome.message };
  }
  const { decision, scale, metrics, spec } = outcome;
  const base = {
    name,
    target,
    currentReplicas: scale.specReplicas,
    desiredReplicas: decision.desiredReplicas,
    metrics: toMetricReports(spec, metrics),
    ...(outcome.forecast && { forecast: toForecastReport(outcome.forecast) }),
    ...(decision.formula && {
      formula: decision.formula.ok
        ? decision.formula.value
        : { error: decision.formula.kind ?? 'parse' },
    }),
  };
  if (outcome.rescaleError !== undefined) {
    return { ...base, action: 'error', reason: 'FailedRescale', message: outcome.rescaleError };
  }
  // `reason` is always a CamelCase code; the HPA's sentence ("orders above target") is in `message`.
  const code = /^[A-Z][A-Za-z]*$/.test(decision.reason) ? decision.reason : undefined;
  if (outcome.observe !== undefined) {
    const would = decision.action === 'scale';
    return {
      ...base,
      mode: 'Observe',
      action: would ? 'unchanged' : decision.action,
      reason: would ? Reason.WouldRescale : (code ?? decision.limited),
      message: would ? `observe mode, would scale: ${decision.message}` : decision.message,
    };
  }
  if (decision.action === 'scale') {
    const message = dryRun ? `dry run, would scale: ${decision.message}` : decision.message;
    return { ...base, action: 'scaled', reason: code ?? Reason.SuccessfulRescale, message };
  }
  const reason = code ?? decision.limited;
  return { ...base, action: decision.action, reason, message: decision.message };
}
