/**
 * Step B of the HPA with `behavior` (`convertDesiredReplicasWithBehaviorRate` and the two
 * `calculateScale*Limit*` functions), including its float64 rounding: Percent scale-up is
 * `ceil(start × (1 + v/100))`, scale-down `trunc(start × (1 − v/100))`, evaluated in that order
 * (50 × +10 % → 56, as the HPA).
 */
import { periodStartReplicas } from './events.js';
import type { Behavior, ScaleEvents, ScalingRules } from './types.js';

export type RateLimitReason =
  'ScaleUpLimit' | 'ScaleDownLimit' | 'TooManyReplicas' | 'TooFewReplicas' | 'DesiredWithinRange';

export interface RateLimited {
  readonly replicas: number;
  readonly limited: RateLimitReason;
}

export function scaleUpLimit(
  current: number,
  events: ScaleEvents,
  rules: ScalingRules,
  now: number,
): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pick = rules.selectPolicy === 'Min' ? Math.min : Math.max;
  let result = rules.selectPolicy === 'Min' ? Infinity : -Infinity;
  for (const p of rules.policies) {
    const start = periodStartReplicas(current, events, p.periodSeconds, now);
    const proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    result = pick(result, proposed);
  }
  return result;
}

export function scaleDownLimit(
  current: number,
  events: ScaleEvents,
  rules: ScalingRules,
  now: number,
): number {
  if (rules.selectPolicy === 'Disabled') return current;
  // "Max" means the largest change, which for a scale-down is the lowest floor.
  const pick = rules.selectPolicy === 'Min' ? Math.max : Math.min;
  let result = rules.selectPolicy === 'Min' ? -Infinity : Infinity;
  for (const p of rules.policies) {
    const start = periodStartReplicas(current, events, p.periodSeconds, now);
    const proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = pick(result, proposed);
  }
  return result;
}

export interface RateInput {
  readonly stabilized: number;
  readonly current: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Our own scale-ups and scale-downs (lib/behavior/events.ts). */
  readonly events: ScaleEvents;
  readonly now: number;
}

export function limitByPolicies(input: RateInput, behavior: Behavior): RateLimited {
  const { stabilized, current, minReplicas, maxReplicas, events, now } = input;
  if (stabilized > current) {
    const limit = Math.max(scaleUpLimit(current, events, behavior.scaleUp, now), current);
    const allowed = Math.min(maxReplicas, limit);
    const reason = limit < maxReplicas ? 'ScaleUpLimit' : 'TooManyReplicas';
    if (stabilized > allowed) return { replicas: allowed, limited: reason };
  } else if (stabilized < current) {
    const limit = Math.min(scaleDownLimit(current, events, behavior.scaleDown, now), current);
    const allowed = Math.max(minReplicas, limit);
    const reason = limit > minReplicas ? 'ScaleDownLimit' : 'TooFewReplicas';
    if (stabilized < allowed) return { replicas: allowed, limited: reason };
  }
  return { replicas: stabilized, limited: 'DesiredWithinRange' };
}
