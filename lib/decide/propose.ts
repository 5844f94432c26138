/**
 * One replica proposal per metric, as the HPA's replica_calculator.go computes it for an
 * External metric (`GetExternalPerPodMetricReplicas`, `GetExternalMetricReplicas`).
 */
import type { MetricResult } from '../metrics/types.js';
import type { MetricSpec } from '../spec/types.js';
import { DEFAULT_TOLERANCES, isWithinTolerance, type Tolerances } from './tolerance.js';

/** The HPA counts replicas in int32 and caps a proposal at MaxInt32. */
export const MAX_PROPOSAL = 2 ** 31 - 1;

export type Proposal =
  | { readonly ok: true; readonly name: string; readonly replicas: number }
  | { readonly ok: false; readonly name: string; readonly failure: string };

/**
 * The HPA divides milli-values (`Quantity.MilliValue()`, which rounds up), not floats: for a
 * value 0.27 and a target 0.09 it computes 270/90 = 3, where 0.27/0.09 = 3.0000000000000004
 * would ceil to 4. The number is first rounded to 6 decimals to undo binary noise (2.007 * 1000
 * is 2007.0000000000002), then rounded up to whole milli-units; any positive number is at
 * least 1 milli, as MilliValue rounds 0.0000001 up to 1.
 */
export function toMilli(x: number): number {
  const milli = Math.ceil(Math.round(x * 1e6) / 1e3);
  return milli <= 0 && x > 0 ? 1 : milli;
}

function capProposal(replicas: number): number {
  return Math.min(replicas, MAX_PROPOSAL);
}

/**
 * `AverageValue`: r = U / (T × statusReplicas); within tolerance → keep, else ceil(U / T).
 *
 * Within tolerance the HPA returns `statusReplicas`, we return `currentReplicas` (spec): the
 * two are equal in a steady state, and when they differ (a rollout's surge pods, a scale still
 * in progress) returning status would turn a transient pod count into a scale decision while
 * the metric says "no change"; we have no stabilization window yet to absorb that. With
 * currentReplicas 0 (minReplicas 0) the band is skipped, as for `Value`, so pods still
 * terminating after a scale to zero cannot hold the workload at 0 against demand.
 * statusReplicas 0 gives r = +Inf (or NaN when U = 0): never within, proposal ceil(U / T).
 */
export function proposeAverageValue(
  usage: number,
  targetAverage: number,
  currentReplicas: number,
  statusReplicas: number,
  tolerances: Tolerances = DEFAULT_TOLERANCES,
): number {
  const u = toMilli(usage);
  const t = toMilli(targetAverage);
  const ratio = u / (t * statusReplicas);
  if (currentReplicas !== 0 && isWithinTolerance(ratio, tolerances)) return currentReplicas;
  return capProposal(Math.ceil(u / t));
}

/**
 * `Value`: r = U / T; current 0 → ceil(r) with no tolerance; within tolerance → current;
 * else ceil(r × current). The HPA multiplies by the count of Ready pods; we do not list pods,
 * so currentReplicas (spec) stands in for it (reference vector B1: HPA 12, we say 15).
 */
export function proposeValue(
  usage: number,
  target: number,
  currentReplicas: number,
  tolerances: Tolerances = DEFAULT_TOLERANCES,
): number {
  const ratio = toMilli(usage) / toMilli(target);
  if (currentReplicas === 0) return capProposal(Math.ceil(ratio));
  if (isWithinTolerance(ratio, tolerances)) return currentReplicas;
  return capProposal(Math.ceil(ratio * currentReplicas));
}

export interface ScaleReplicas {
  readonly currentReplicas: number;
  readonly statusReplicas: number;
}

/** A failed read, a missing result or a non-finite value is a failed proposal, never a number. */
export function proposeForMetric(
  metric: MetricSpec,
  result: MetricResult | undefined,
  scale: ScaleReplicas,
  tolerances: Tolerances = DEFAULT_TOLERANCES,
): Proposal {
  const name = metric.name;
  if (result === undefined) return { ok: false, name, failure: 'no result' };
  if (!result.ok) return { ok: false, name, failure: `${result.kind}: ${result.message}` };
  if (!Number.isFinite(result.value)) return { ok: false, name, failure: 'value is not finite' };
  const target = metric.target;
  if (target === undefined) return { ok: false, name, failure: 'metric has no target' };
  const replicas =
    target.type === 'AverageValue'
      ? proposeAverageValue(
          result.value,
          target.averageValue,
          scale.currentReplicas,
          scale.statusReplicas,
          tolerances,
        )
      : proposeValue(result.value, target.value, scale.currentReplicas, tolerances);
  return { ok: true, name, replicas };
}
