/**
 * The HPA without `behavior` (`normalizeDesiredReplicas`, the legacy path): a full-form resource
 * without `behavior` acts as an HPA without it, and as a KEDA ScaledObject without
 * `advanced.horizontalPodAutoscalerConfig.behavior`.
 *
 * - Downscale stabilization: the highest recommendation of the last 300 s and this one
 *   (`stabilizeRecommendation`; a record exactly 300 s old still counts: `!Before(cutoff)`).
 *   There is no scale-up stabilization and the result is not clamped to `current`.
 * - Scale-up cap on every run: max(2 × current, 4) (`calculateScaleUpLimit`), no periods.
 * - No scale events are kept.
 */
import { resolveBehavior } from './defaults.js';
import { recordRecommendation } from './history.js';
import type { Normalized, NormalizeInput } from './normalize.js';
import type { RateLimitReason } from './rate.js';

/** `--horizontal-pod-autoscaler-downscale-stabilization` default. */
export const LEGACY_DOWNSCALE_WINDOW_SECONDS = 300;
export const SCALE_UP_LIMIT_FACTOR = 2;
export const SCALE_UP_LIMIT_MINIMUM = 4;

/**
 * What `recordRecommendation` needs to keep every record the legacy window can still use. Times
 * are whole seconds, so "time ≥ now − 300" is "time > now − 301": the window is one second
 * longer here, and the shadowing rule (a newer record at least as high) is the one of a max.
 */
const LEGACY_RECORDING = resolveBehavior({
  scaleUp: { stabilizationWindowSeconds: 0 },
  scaleDown: { stabilizationWindowSeconds: LEGACY_DOWNSCALE_WINDOW_SECONDS + 1 },
});

export function legacyScaleUpLimit(current: number): number {
  return Math.trunc(Math.max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM));
}

export function normalizeLegacy(input: NormalizeInput): Normalized {
  const { desired, current, history, now } = input;
  const cut = now - LEGACY_DOWNSCALE_WINDOW_SECONDS;
  let stab = desired;
  for (const r of history.recommendations) {
    if (r.time >= cut && r.time <= now) stab = Math.max(stab, r.replicas);
  }
  const recommendations = recordRecommendation(
    history.recommendations,
    desired,
    now,
    LEGACY_RECORDING,
  );
  const upLimit = legacyScaleUpLimit(current);
  const maxAllowed = Math.min(input.maxReplicas, upLimit);
  const upReason: RateLimitReason =
    input.maxReplicas > upLimit ? 'ScaleUpLimit' : 'TooManyReplicas';
  let replicas = stab;
  let limited: RateLimitReason = 'DesiredWithinRange';
  if (stab < input.minReplicas) {
    replicas = input.minReplicas;
    limited = 'TooFewReplicas';
  } else if (stab > maxAllowed) {
    replicas = maxAllowed;
    limited = upReason;
  }
  return {
    replicas,
    stabilizedReplicas: stab,
    stabilized: stab !== desired ? 'ScaleDownStabilized' : 'ReadyForNewScale',
    limited,
    history: { ...history, recommendations },
  };
}
