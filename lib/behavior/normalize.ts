/**
 * The HPA's `normalizeDesiredReplicasWithBehaviors`, pure: the persisted history comes in, the
 * next one goes out. Stabilize the raw recommendation, record it, then apply the rate policies
 * (which also keep the result within [min, max]).
 */
import { recordRecommendation } from './history.js';
import { limitByPolicies, type RateLimitReason } from './rate.js';
import { stabilizeRecommendation, type Stabilized } from './stabilize.js';
import type { Behavior, History } from './types.js';

export interface NormalizeInput {
  /** The metrics' raw proposal (not yet clamped). */
  readonly desired: number;
  readonly current: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly history: History;
  /** Unix seconds. */
  readonly now: number;
}

export interface Normalized {
  readonly replicas: number;
  /** After stabilization, before the rate policies. */
  readonly stabilizedReplicas: number;
  readonly stabilized: Stabilized;
  readonly limited: RateLimitReason;
  readonly history: History;
}

export function normalizeWithBehavior(input: NormalizeInput, behavior: Behavior): Normalized {
  const { desired, current, history, now } = input;
  const stab = stabilizeRecommendation(desired, current, history.recommendations, now, behavior);
  const recommendations = recordRecommendation(history.recommendations, desired, now, behavior);
  const rate = limitByPolicies(
    {
      stabilized: stab.replicas,
      current,
      minReplicas: input.minReplicas,
      maxReplicas: input.maxReplicas,
      events: history,
      now,
    },
    behavior,
  );
  return {
    replicas: rate.replicas,
    stabilizedReplicas: stab.replicas,
    stabilized: stab.reason,
    limited: rate.limited,
    history: { ...history, recommendations },
  };
}
