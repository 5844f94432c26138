/**
 * The full (autoscaling/v2-like) form as a pipeline:
 * guards → per-metric proposals → combine → (later: behavior) → clamp to [min, max].
 */
import { Reason } from '../reasons.js';
import { combineProposals, type Combined } from './combine.js';
import { describeDirection, toChangeDecision, toHeldDecision } from './describe.js';
import { decideBeforeMetrics } from './guard.js';
import { limitToRange } from './limit.js';
import { proposeForMetric } from './propose.js';
import { DEFAULT_TOLERANCES, type Tolerances } from './tolerance.js';
import type { DecideInput, Decision } from './types.js';

export function decideFull(
  input: DecideInput,
  tolerances: Tolerances = DEFAULT_TOLERANCES,
): Decision {
  const early = decideBeforeMetrics(input);
  if (early !== undefined) return early;

  const { spec, currentReplicas: current } = input;
  if (spec.metrics.length === 0) {
    // The parser requires at least one metric; hold rather than invent a number.
    return toHeldDecision({
      currentReplicas: current,
      reason: Reason.InvalidSpec,
      message: `Size held at ${current}; no metrics`,
    });
  }
  const proposals = spec.metrics.map((m, i) =>
    proposeForMetric(m, input.metrics[i], input, tolerances),
  );
  const combined = combineProposals(proposals, current);
  if (combined.kind === 'held') return decideHeld(combined, current);

  // The HPA floors the combined proposal at 0 (`desiredReplicas` starts at 0).
  const computed = Math.max(0, combined.replicas);
  // Later: autoscaling/v2 `behavior` (stabilization windows, rate policies) goes here,
  // between combine and clamp, fed by the persisted history.
  const { replicas, limited } = limitToRange(computed, spec.minReplicas, spec.maxReplicas);
  return toChangeDecision({
    currentReplicas: current,
    desiredReplicas: replicas,
    computedReplicas: computed,
    reason: describeDirection(computed, current, combined.metricName),
    limited,
    failedMetric: combined.failedMetric,
  });
}

export function decideHeld(held: Extract<Combined, { kind: 'held' }>, current: number): Decision {
  const failed = `metric ${held.failedName} failed (${held.failure})`;
  const blocked =
    held.replicas === undefined ? '' : ` and blocks the scale-down to ${held.replicas}`;
  return toHeldDecision({
    currentReplicas: current,
    reason: Reason.FailedGetMetric,
    message: `Size held at ${current}; ${failed}${blocked}`,
    computedReplicas: held.replicas === undefined ? undefined : Math.max(0, held.replicas),
    failedMetric: held.failedMetric,
  });
}
