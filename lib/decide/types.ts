/** Input and output of the pure decision: no I/O, no clock (time comes in as `now`). */
import type { MetricResult } from '../metrics/types.js';
import type { ScalingSpec } from '../spec/types.js';

export interface DecideInput {
  readonly spec: ScalingSpec;
  /** `/scale` spec.replicas. */
  readonly currentReplicas: number;
  /** `/scale` status.replicas (AverageValue divides by this, as the HPA does). */
  readonly statusReplicas: number;
  /** One result per `spec.metrics[i]`, same order. */
  readonly metrics: readonly MetricResult[];
  readonly now: Date;
}

/** Why the final number is what it is. HPA words where the meaning matches. */
export type LimitReason = 'TooManyReplicas' | 'TooFewReplicas' | 'DesiredWithinRange';

export interface Decision {
  /** What the workload should run. Equals currentReplicas when nothing should change. */
  readonly desiredReplicas: number;
  /** The metrics' proposal before min/max clamping; undefined when no metric could be used. */
  readonly computedReplicas?: number;
  /** `scale`: patch to desiredReplicas. `unchanged`: metrics agree with current. `held`: cannot decide, keep current. */
  readonly action: 'scale' | 'unchanged' | 'held';
  /**
   * Either a CamelCase constant from reasons.ts (`FailedGetMetric`, `ScalingDisabled`) or the
   * HPA's sentence for a change (`orders above target`, `All metrics below target`).
   */
  readonly reason: string;
  /** One line for humans, e.g. "New size: 5; reason: active_users above target". */
  readonly message: string;
  readonly limited: LimitReason;
  /** Index of the first failed metric, whether or not it blocked the decision. */
  readonly failedMetric?: number;
}
