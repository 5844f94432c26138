/**
 * The one hook between the formula and the decision: with `spec.formula`, the decision sees a
 * single metric named `formula` whose result is the formula's value, with the formula's target.
 * Everything after (HPA arithmetic, fallback, activation, behavior) then works on that value
 * unchanged: a failed formula is a failed metric, and falls back as configured.
 */
import type { DecideInput } from '../decide/types.js';
import type { MetricResult } from '../metrics/types.js';
import { EXTRA_DEFAULTS } from '../spec/extraTypes.js';
import type { ScalingSpec } from '../spec/types.js';
import { evaluateFormula, type FormulaValue } from './evaluate.js';
import { FORMULA_NAME } from './types.js';

/** The formula's value over `results` (one per `spec.metrics[i]`); undefined without a formula. */
export function formulaValue(
  spec: ScalingSpec,
  results: readonly (MetricResult | undefined)[],
): FormulaValue | undefined {
  if (!spec.formula) return undefined;
  const values = new Map(spec.metrics.map((m, i) => [m.name, results[i]]));
  const v = evaluateSafely(spec.formula.ast, values);
  if (v.ok && v.value < 0) {
    return { ok: false, message: 'formula value is negative (wrap it in max(0, …))' };
  }
  return v;
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
    ? { ok: true, value: v.value === 0 ? 0 : v.value }
    : { ok: false, kind: v.kind ?? 'parse', message: v.message };
}

/** The input the decision sees: unchanged without a formula. */
export function applyFormula(input: DecideInput): {
  readonly input: DecideInput;
  readonly value?: FormulaValue;
} {
  const { spec } = input;
  const value = formulaValue(spec, input.metrics);
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
  return { input: { ...input, spec: formulaSpec, metrics: [toMetricResult(value)] }, value };
}
