/** `status` of a BusinessScaling, written only through the /status subresource. */
import type { ForecastStatus } from '../forecast/statusTypes.js';
import type { DecisionRecord } from '../record/types.js';

export type ConditionType =
  | 'Ready'
  | 'AbleToScale'
  | 'ScalingActive'
  | 'ScalingLimited'
  | 'Paused'
  | 'Fallback'
  | 'Active'
  | 'Forecast';

export interface Condition {
  readonly type: ConditionType;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason: string;
  readonly message: string;
  /** RFC 3339; changes only when `status` flips. */
  readonly lastTransitionTime: string;
  readonly observedGeneration?: number;
}

export interface MetricStatus {
  readonly name: string;
  /** Present when the last read succeeded. */
  readonly value?: number;
  /** Present when it failed: the error kind and a redacted message. */
  readonly error?: string;
  /** How the value was read, e.g. `2/3 endpoints` (fromServiceEndpoints). */
  readonly note?: string;
}

export interface ScalingStatus {
  readonly observedGeneration?: number;
  /**
   * RFC 3339: the run that wrote this status. A last-seen time equal to it (the newest
   * recommendation, a last known value, `lastActiveTime`) stands for every later run that wrote
   * nothing (lib/behavior/standing.ts).
   */
  readonly recordedAt?: string;
  /** `spec.mode` or its default `Active` (printer column). */
  readonly mode?: 'Active' | 'Observe';
  /** `Kind/namespace/name` of the workload, for both spec forms (printer column). */
  readonly target?: string;
  /** Effective bounds this run used (both spec forms; later also schedule windows). */
  readonly minReplicas?: number;
  readonly maxReplicas?: number;
  readonly currentReplicas?: number;
  readonly desiredReplicas?: number;
  /** The replicas the metrics asked for before min/max clamping. */
  readonly computedReplicas?: number;
  readonly currentMetrics?: readonly MetricStatus[];
  /** With `spec.formula`: its value over `currentMetrics`, or why it has none. */
  readonly currentFormula?: { readonly value?: number; readonly error?: string };
  readonly lastScaleTime?: string;
  readonly conditions?: readonly Condition[];
  /** Which rule moved desiredReplicas away from computedReplicas (LimitedBy in lib/decide/types.ts). */
  readonly limitedBy?: string;
  /**
   * Observe mode: who really scales the target (`HorizontalPodAutoscaler shop/web`); compare
   * what it holds (`currentReplicas`) with what we would hold (`desiredReplicas`).
   */
  readonly beside?: string;
  /** Names of the schedule windows open in the last run. */
  readonly activeSchedules?: readonly string[];
  /** With `behavior`: what the HPA keeps in memory, times in Unix seconds. */
  readonly history?: StatusHistory;
  /** With `fallback`: runs in a row with a failed metric. */
  readonly failureCount?: number;
  /** With activation: the last run with a metric above the threshold. */
  readonly lastActiveTime?: string;
  /** With `fallback.behavior: lastKnownValue`: each metric's last good value and its time. */
  readonly lastKnownValues?: readonly StatusLastValue[];
  /** The last `DECISION_HISTORY` decisions, oldest first (lib/record). */
  readonly decisions?: readonly DecisionRecord[];
  /**
   * A rescale recorded before `/scale` was patched (record before acting); removed once the
   * patch is confirmed, or by the next status write. Its scale event stays `pending` until
   * confirmed (lib/behavior/pending.ts).
   */
  readonly intent?: StatusIntent;
  /** With `spec.forecast`: what the forecast did this run (lib/forecast/status.ts). */
  readonly forecast?: ForecastStatus;
}

export interface StatusIntent {
  /** The replicas the run set out to patch. */
  readonly replicas: number;
  /** `spec.replicas` of the target when it was read. */
  readonly from: number;
  /** Unix seconds: the time of the scale event it recorded. */
  readonly time: number;
  /** That scale event's change (0 when the rescale records none, e.g. a scale to zero). */
  readonly change: number;
}

export interface StatusScaleEvent {
  readonly time: number;
  /** Absolute: replicas added (up list) or removed (down list). */
  readonly change: number;
  readonly outdated?: boolean;
  /** Recorded before `/scale` was patched, not yet confirmed (lib/behavior/pending.ts). */
  readonly pending?: boolean;
}

export interface StatusHistory {
  readonly recommendations?: readonly { readonly time: number; readonly replicas: number }[];
  /** Our own scale-ups and scale-downs, in slot order (lib/behavior/events.ts). */
  readonly scaleUpEvents?: readonly StatusScaleEvent[];
  readonly scaleDownEvents?: readonly StatusScaleEvent[];
  /** Earlier versions' single signed list: read once, never written. */
  readonly scaleEvents?: readonly { readonly time: number; readonly change: number }[];
}

export interface StatusLastValue {
  readonly name: string;
  readonly value: number;
  /** RFC 3339: when the value was read. */
  readonly time: string;
}
