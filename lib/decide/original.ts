/**
 * The original Kopf operator's rule, kept bit for bit: users below the band → min, above → max,
 * in between a linear map truncated toward zero (Python `int()`). No tolerance, no look at the
 * current replicas, and it scales a target from 0 as the original did.
 */
import { Reason } from '../reasons.js';
import type { UserThresholds } from '../spec/types.js';
import { toChangeDecision, toHeldDecision } from './describe.js';
import { ABOVE_MAX_REASON, BELOW_MIN_REASON } from './guard.js';
import type { DecideInput, Decision, LimitReason } from './types.js';

export interface OriginalProposal {
  /** What the original operator would set. */
  readonly desired: number;
  /** The same linear map without the clamp: how far outside the band the users are. */
  readonly computed: number;
  readonly limited: LimitReason;
}

/**
 * `int((users - minUsers) / (maxUsers - minUsers) * (maxReplicas - minReplicas) + minReplicas)`,
 * evaluated in the same order so the float64 rounding matches Python's.
 */
export function proposeOriginal(
  users: number,
  t: UserThresholds,
  minReplicas: number,
  maxReplicas: number,
): OriginalProposal {
  const computed = Math.trunc(
    ((users - t.minUsers) / (t.maxUsers - t.minUsers)) * (maxReplicas - minReplicas) + minReplicas,
  );
  // Strict comparisons, as the original: users === minUsers maps linearly (to minReplicas).
  const desired = users < t.minUsers ? minReplicas : users > t.maxUsers ? maxReplicas : computed;
  const limited: LimitReason =
    computed < desired
      ? 'TooFewReplicas'
      : computed > desired
        ? 'TooManyReplicas'
        : 'DesiredWithinRange';
  return { desired, computed, limited };
}

export function decideOriginal(input: DecideInput): Decision {
  const { spec, currentReplicas: current } = input;
  const metric = spec.metrics[0];
  const name = metric?.name ?? 'active_users';
  const result = input.metrics[0];
  if (result === undefined || !result.ok || !Number.isFinite(result.value)) {
    const why =
      result === undefined
        ? 'no result'
        : result.ok
          ? 'value is not finite'
          : `${result.kind}: ${result.message}`;
    const failure = `metric ${name} failed (${why})`;
    const bound = boundsWithoutMetric(current, spec.minReplicas, spec.maxReplicas);
    if (bound === undefined) {
      return toHeldDecision({
        currentReplicas: current,
        reason: Reason.FailedGetMetric,
        message: `Size held at ${current}; ${failure}`,
        failedMetric: 0,
      });
    }
    // Outside [min, max] the bound applies without metrics, as the HPA; never a move within it.
    const d = toChangeDecision({ currentReplicas: current, ...bound, failedMetric: 0 });
    return { ...d, message: `${d.message}; ${failure}` };
  }
  const t = spec.thresholds;
  if (t === undefined || !(t.minUsers < t.maxUsers)) {
    // The parser rejects this; the original would divide by zero. Never invent a size.
    return toHeldDecision({
      currentReplicas: current,
      reason: Reason.InvalidSpec,
      message: `Size held at ${current}; scaleThresholds need minUsers < maxUsers`,
    });
  }
  const users = result.value;
  const p = proposeOriginal(users, t, spec.minReplicas, spec.maxReplicas);
  return toChangeDecision({
    currentReplicas: current,
    desiredReplicas: p.desired,
    computedReplicas: p.computed,
    reason: `${name}=${users} (thresholds ${t.minUsers}..${t.maxUsers})`,
    limited: p.limited,
  });
}

/** The bound a workload outside [min, max] goes to when no metric can be used (0 included). */
function boundsWithoutMetric(
  current: number,
  minReplicas: number,
  maxReplicas: number,
): { desiredReplicas: number; reason: string; limited: LimitReason } | undefined {
  if (current > maxReplicas)
    return { desiredReplicas: maxReplicas, reason: ABOVE_MAX_REASON, limited: 'TooManyReplicas' };
  if (current < minReplicas)
    return { desiredReplicas: minReplicas, reason: BELOW_MIN_REASON, limited: 'TooFewReplicas' };
  return undefined;
}
