/**
 * HPA defaulting (`pkg/apis/autoscaling/v2/defaults.go`, `copyHPAScalingRules`): each of
 * `stabilizationWindowSeconds`, `selectPolicy`, `policies` and `tolerance` the user sets replaces
 * the default wholesale; `policies` is never merged item by item.
 */
import type { Behavior, ScalingRules } from './types.js';

/** The cluster default of `--horizontal-pod-autoscaler-downscale-stabilization` (5 min). */
export const DEFAULT_SCALE_DOWN_WINDOW_SECONDS = 300;

export const DEFAULT_SCALE_UP: ScalingRules = Object.freeze({
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  // 15 s as in the code and the website (the generated API reference says 60 s).
  policies: Object.freeze([
    Object.freeze({ type: 'Pods', value: 4, periodSeconds: 15 }),
    Object.freeze({ type: 'Percent', value: 100, periodSeconds: 15 }),
  ]),
  tolerance: 0.1,
} as const);

export const DEFAULT_SCALE_DOWN: ScalingRules = Object.freeze({
  stabilizationWindowSeconds: DEFAULT_SCALE_DOWN_WINDOW_SECONDS,
  selectPolicy: 'Max',
  policies: Object.freeze([Object.freeze({ type: 'Percent', value: 100, periodSeconds: 15 })]),
  tolerance: 0.1,
} as const);

/** The user's fields over the defaults, field by field. */
export function resolveRules(
  user: Partial<ScalingRules> | undefined,
  defaults: ScalingRules,
): ScalingRules {
  return {
    stabilizationWindowSeconds:
      user?.stabilizationWindowSeconds ?? defaults.stabilizationWindowSeconds,
    selectPolicy: user?.selectPolicy ?? defaults.selectPolicy,
    policies: user?.policies ?? defaults.policies,
    tolerance: user?.tolerance ?? defaults.tolerance,
  };
}

export function resolveBehavior(user: {
  readonly scaleUp?: Partial<ScalingRules>;
  readonly scaleDown?: Partial<ScalingRules>;
}): Behavior {
  return {
    scaleUp: resolveRules(user.scaleUp, DEFAULT_SCALE_UP),
    scaleDown: resolveRules(user.scaleDown, DEFAULT_SCALE_DOWN),
  };
}

/** The longest stabilization window, which bounds how long a recommendation matters. */
export function longestWindow(b: Behavior): number {
  return Math.max(b.scaleUp.stabilizationWindowSeconds, b.scaleDown.stabilizationWindowSeconds);
}

/** HPA `getLongestPolicyPeriod`: after it, an event of this direction is outdated. */
export function longestPeriod(rules: ScalingRules): number {
  return Math.max(0, ...rules.policies.map((p) => p.periodSeconds));
}
