/** Input and output of the pure decision: no I/O, no clock (time comes in as `now`). */
import type { FormulaValue } from '../formula/evaluate.js';
import type { MetricResult } from '../metrics/types.js';
import type { Stabilized } from '../behavior/stabilize.js';
import type { History } from '../behavior/types.js';
import type { EffectiveBounds } from '../schedule/windows.js';
import type { ScalingSpec } from '../spec/types.js';
import type { LastValues } from './lastKnown.js';
import type { PauseState } from './pause.js';

/** What one run hands to the next through `status` (everything the HPA keeps in memory). */
export interface ScalingState {
  /** Recommendations and our own scale events (only with `behavior`). */
  readonly history?: History;
  /** Runs in a row with a failed metric (only with `fallback`). */
  readonly failureCount?: number;
  /** Unix seconds of the last run with a metric above the activation threshold. */
  readonly lastActiveTime?: number;
  /** With `fallback.behavior: lastKnownValue`: each metric's last good value and its time. */
  readonly lastValues?: LastValues;
}

export interface DecideInput {
  readonly spec: ScalingSpec;
  /** `/scale` spec.replicas. */
  readonly currentReplicas: number;
  /** `/scale` status.replicas (AverageValue divides by this, as the HPA does). */
  readonly statusReplicas: number;
  /** One result per `spec.metrics[i]`, same order. */
  readonly metrics: readonly MetricResult[];
  readonly now: Date;
  /** From status; undefined on the first run. */
  readonly state?: ScalingState;
  /** From the annotations (`parsePause`); undefined = not paused. */
  readonly pause?: PauseState;
  /** Set by lib/formula/apply.ts (coalesce AfterFailureThreshold): a metric read failed. */
  readonly failedRun?: boolean;
}

/** Why the final number is what it is. HPA words where the meaning matches. */
export type LimitReason =
  'TooManyReplicas' | 'TooFewReplicas' | 'ScaleUpLimit' | 'ScaleDownLimit' | 'DesiredWithinRange';

/**
 * Which rule moved the final number away from the metrics' proposal (status.limitedBy):
 * a rate policy, a bound, stabilization, or one of ours.
 */
export type LimitedBy =
  | Exclude<LimitReason, 'DesiredWithinRange'>
  | Exclude<Stabilized, 'ReadyForNewScale'>
  | 'Schedule'
  | 'Fallback'
  | 'Paused'
  | 'Cooldown'
  | 'ScaleToZero';

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
  /** The next state, before this run's own rescale is recorded (see `advanceState`). */
  readonly state?: ScalingState;
  /** Effective bounds after schedules, and the open windows. */
  readonly bounds?: EffectiveBounds;
  readonly limitedBy?: LimitedBy;
  /** Behavior step A's verdict (AbleToScale reason), with `behavior` and on the legacy path. */
  readonly stabilized?: Stabilized;
  /** After stabilization, before the rate limits (with `stabilized`). */
  readonly stabilizedReplicas?: number;
  /** Set while a pause annotation applies. */
  readonly paused?: { readonly reason: string; readonly message: string };
  /** With `fallback`: whether it is engaged this run. */
  readonly fallbackActive?: boolean;
  /** With activation: whether a metric is above the threshold. */
  readonly active?: boolean;
  /** With spec.formula: its value this run, or why it failed. */
  readonly formula?: FormulaValue;
  /** Metrics that used their last known value this run (`fallback.behavior: lastKnownValue`). */
  readonly lastKnown?: readonly string[];
}
