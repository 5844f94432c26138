/**
 * The numbers the replica arithmetic can use, and a last check of what it produced. The HPA
 * counts in int64 milli-units (`Quantity.MilliValue`), so it cannot compare a value or a target
 * above about 9.2e15 either; here 1e303 against a target of 1e303 would be Infinity ÷ Infinity
 * = NaN replicas. Such a value is that metric's failure (kind `parse`): its `fallback` applies,
 * and no NaN, Infinity or null ever reaches a decision, a status or a `/scale` patch.
 */
import type { MetricResult } from '../metrics/types.js';
import { Reason } from '../reasons.js';
import type { ScalingSpec } from '../spec/types.js';
import { toHeldDecision } from './describe.js';
import type { DecideInput, Decision } from './types.js';

/** The largest metric value or target used (HPA: int64 milli-units, about 9.2e15). */
export const MAX_METRIC_VALUE = 9e15;

const outOfRange = (what: string): Extract<MetricResult, { ok: false }> => ({
  ok: false,
  kind: 'parse',
  message: `${what} is out of range (a finite number up to ${MAX_METRIC_VALUE})`,
});

// A negative value is the reader's to refuse; here it goes through the HPA's arithmetic.
const inRange = (n: number) => Number.isFinite(n) && Math.abs(n) <= MAX_METRIC_VALUE;

/**
 * `results` (one per `spec.metrics[i]`) with each value or target that the arithmetic cannot
 * use turned into that metric's failure. Pure; the same array when nothing changed.
 */
export function checkMetricRanges(
  spec: ScalingSpec,
  results: readonly MetricResult[],
): readonly MetricResult[] {
  let changed = false;
  const checked = results.map((r, i): MetricResult => {
    if (!r.ok) return r;
    const name = spec.metrics[i]?.name ?? `metrics[${i}]`;
    const t = spec.metrics[i]?.target;
    const target = t === undefined ? 0 : t.type === 'AverageValue' ? t.averageValue : t.value;
    if (inRange(r.value) && inRange(target)) return r;
    changed = true;
    return outOfRange(inRange(r.value) ? `the target of metric ${name}` : `metric ${name}`);
  });
  return changed ? checked : results;
}

const isReplicas = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

/**
 * The last guard of the pure decision: a size that is not a whole number >= 0, or a computed
 * size that is not finite (a bug the checks above missed), holds the current size, with the
 * state as read, and is written nowhere.
 */
export function guardDecision(d: Decision, input: DecideInput): Decision {
  const { currentReplicas, state } = input;
  const computed = d.computedReplicas;
  if (isReplicas(d.desiredReplicas) && (computed === undefined || Number.isFinite(computed))) {
    return d;
  }
  const held = toHeldDecision({
    currentReplicas,
    reason: Reason.FailedGetMetric,
    message: `Size held at ${currentReplicas}; the computed size is not a whole number`,
  });
  // The history is handed on as read: this run's numbers are not to be trusted.
  return { ...held, ...(state !== undefined && { state }) };
}
