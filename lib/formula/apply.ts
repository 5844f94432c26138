/**
 * The one hook between the formula and the decision: with `spec.formula`, the decision sees a
 * single metric named `formula` whose result is the formula's value, with the formula's target.
 * Everything after (HPA arithmetic, fallback, activation, behavior) then works on that value
 * unchanged: a failed formula is a failed metric, and falls back as configured.
 *
 * As KEDA (`ret.Value.SetMilli(int64(out * 1000))`), the value is truncated to milli-units.
 * With `coalesce: AfterFailureThreshold` a failed metric is expr's nil only once this run makes
 * more than `fallback.failureThreshold` failed runs in a row; the run still counts as failed.
 */
import { countFailures, hasFailedMetric } from '../decide/fallback.js';
import type { DecideInput } from '../decide/types.js';
import type { MetricResult } from '../metrics/types.js';
import { EXTRA_DEFAULTS } from '../spec/extraTypes.js';
import type { ScalingSpec } from '../spec/types.js';
import { evaluateFormula, type EvaluateOptions, type FormulaValue } from './evaluate.js';
import { FORMULA_NAME } from './types.js';

/** KEDA's int64(out * 1000): toward zero, in whole milli-units. */
export function truncateToMilli(value: number): number {
  const milli = Math.trunc(value * 1000);
  return milli === 0 ? 0 : milli / 1000;
}

/** How this run reads failed metrics (see CoalesceMode). */
export function coalesceOptions(
  spec: ScalingSpec,
  results: readonly (MetricResult | undefined)[],
  previousFailures: number | undefined,
): EvaluateOptions {
  if (spec.formula?.coalesce !== 'AfterFailureThreshold' || !spec.fallback) return {};
  const failed = hasFailedMetric(
    results.filter((r) => r !== undefined),
    spec.metrics.length,
  );
  const count = countFailures(previousFailures, failed);
  return { coalesce: 'nil', failedIsNil: count > spec.fallback.failureThreshold };
}

function firstFailure(
  spec: ScalingSpec,
  results: readonly (MetricResult | undefined)[],
): FormulaValue | undefined {
  for (const [i, m] of spec.metrics.entries()) {
    const r = results[i];
    if (r === undefined) return { ok: false, message: `metric ${m.name}: no result` };
    if (!r.ok) {
      const message = `metric ${m.name} failed (${r.kind}: ${r.message}); held until fallback.failureThreshold is passed`;
      return { ok: false, message, kind: r.kind };
    }
  }
  return undefined;
}

/** The formula's value over `results` (one per `spec.metrics[i]`); undefined without a formula. */
export function formulaValue(
  spec: ScalingSpec,
  results: readonly (MetricResult | undefined)[],
  previousFailures?: number,
): FormulaValue | undefined {
  if (!spec.formula) return undefined;
  const values = new Map(spec.metrics.map((m, i) => [m.name, results[i]]));
  const options = coalesceOptions(spec, results, previousFailures);
  // KEDA reports any scaler error under the threshold to the HPA, which holds: so do we.
  const held = options.failedIsNil === false ? firstFailure(spec, results) : undefined;
  if (held !== undefined) return held;
  const v = evaluateSafely(spec.formula.ast, values, options);
  if (!v.ok) return v;
  if (v.value < 0)
    return { ok: false, message: 'formula value is negative (wrap it in max(0, …))' };
  return { ok: true, value: truncateToMilli(v.value) };
}

/** A throw while evaluating is the formula's failure (so `fallback` applies), never the run's. */
function evaluateSafely(...args: Parameters<typeof evaluateFormula>): FormulaValue {
  try {
    return evaluateFormula(...args);
  } catch (err) {
    const kind = err instanceof Error ? err.name : typeof err;
    return { ok: false, message: `formula failed (internal ${kind})` };
  }
}

export function toMetricResult(v: FormulaValue): MetricResult {
  return v.ok
    ? { ok: true, value: v.value }
    : { ok: false, kind: v.kind ?? 'parse', message: v.message };
}

/** The input the decision sees: unchanged without a formula. */
export function applyFormula(input: DecideInput): {
  readonly input: DecideInput;
  readonly value?: FormulaValue;
} {
  const { spec } = input;
  const value = formulaValue(spec, input.metrics, input.state?.failureCount);
  if (!spec.formula || value === undefined) return { input };
  const { target, activationTarget } = spec.formula;
  const activation =
    activationTarget === undefined
      ? spec.activation
      : {
          cooldownPeriodSeconds:
            spec.activation?.cooldownPeriodSeconds ?? EXTRA_DEFAULTS.cooldownPeriodSeconds,
          threshold: activationTarget,
        };
  const formulaSpec: ScalingSpec = {
    ...spec,
    metrics: [{ name: FORMULA_NAME, target }],
    ...(activation !== undefined && { activation }),
  };
  // KEDA counts failures per trigger, not per formula: a run with a failed read stays failed.
  const failedRun =
    spec.formula.coalesce === 'AfterFailureThreshold'
      ? hasFailedMetric(input.metrics, spec.metrics.length)
      : undefined;
  return {
    input: {
      ...input,
      spec: formulaSpec,
      metrics: [toMetricResult(value)],
      ...(failedRun !== undefined && { failedRun }),
    },
    value,
  };
}
