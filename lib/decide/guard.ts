/**
 * The HPA's checks before it looks at metrics (horizontal.go `reconcileAutoscaler`): a target
 * at zero is paused, a target outside [min, max] goes straight to the bound, metrics ignored.
 */
import { Reason } from '../reasons.js';
import { toChangeDecision, toHeldDecision } from './describe.js';
import type { DecideInput, Decision } from './types.js';

export const SCALING_DISABLED_MESSAGE =
  'scaling is disabled since the replica count of the target is zero';
export const ABOVE_MAX_REASON = 'Current number of replicas above Spec.MaxReplicas';
export const BELOW_MIN_REASON = 'Current number of replicas below Spec.MinReplicas';

/** A decision that does not need the metrics, or undefined to go on to the proposals. */
export function decideBeforeMetrics(
  input: DecideInput,
  opts: { readonly baseMinReplicas?: number; readonly handsOffAtZero?: boolean } = {},
): Decision | undefined {
  const { currentReplicas: current, spec } = input;
  // Hands off is judged on the spec's own minimum: a schedule's raised minimum must still be
  // able to wake a scale-to-zero workload.
  const baseMin = opts.baseMinReplicas ?? spec.minReplicas;
  if (opts.handsOffAtZero !== false && current === 0 && baseMin !== 0) {
    // "Implicit maintenance mode": someone scaled the target to 0 on purpose.
    return toHeldDecision({
      currentReplicas: current,
      reason: Reason.ScalingDisabled,
      message: SCALING_DISABLED_MESSAGE,
    });
  }
  if (current > spec.maxReplicas) {
    return toChangeDecision({
      currentReplicas: current,
      desiredReplicas: spec.maxReplicas,
      reason: ABOVE_MAX_REASON,
      limited: 'TooManyReplicas',
    });
  }
  if (current < spec.minReplicas) {
    return toChangeDecision({
      currentReplicas: current,
      desiredReplicas: spec.minReplicas,
      reason: BELOW_MIN_REASON,
      limited: 'TooFewReplicas',
    });
  }
  return undefined;
}
