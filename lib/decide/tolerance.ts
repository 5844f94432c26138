/** The HPA's tolerance band (KEP-4951): no change while the usage ratio is close enough to 1. */

/** `--horizontal-pod-autoscaler-tolerance` default: 10 % each way. */
export const DEFAULT_TOLERANCE = 0.1;

/** Per direction, as the HPA's `Tolerances{scaleDown, scaleUp}` (behavior.scaleUp/Down.tolerance). */
export interface Tolerances {
  readonly scaleDown: number;
  readonly scaleUp: number;
}

export const DEFAULT_TOLERANCES: Tolerances = Object.freeze({
  scaleDown: DEFAULT_TOLERANCE,
  scaleUp: DEFAULT_TOLERANCE,
});

/**
 * Inclusive at both ends, evaluated in float64 exactly as Go's `isWithin`: with 0.1,
 * 1 - 0.1 === 0.9 and 1 + 0.1 === 1.1, so ratios of exactly 0.9 and 1.1 are within.
 * NaN and ±Infinity are never within.
 */
export function isWithinTolerance(ratio: number, tolerances: Tolerances): boolean {
  return 1 - tolerances.scaleDown <= ratio && ratio <= 1 + tolerances.scaleUp;
}
