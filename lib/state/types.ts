/**
 * What a BusinessScaling remembers from one run to the next, typed: the one model every other
 * module works on. lib/state reads it from `status` (read.ts), turns the next one back into
 * `status` (render.ts) and into the one minimal patch (patch.ts); nothing else touches `status`.
 */
import type { ScalingState } from '../decide/types.js';
import type { ForecastStatus } from '../forecast/statusTypes.js';
import type { DecisionRecord } from '../record/types.js';

/** The layout this version writes (`status.schemaVersion`, lib/state/migrate.ts). */
export const SCHEMA_VERSION = 1;

/** A condition as a run decides it: its transition time comes from the one before (render.ts). */
export type NewCondition = Omit<Condition, 'lastTransitionTime'>;

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

/**
 * A rescale recorded before `/scale` was patched (record before acting); gone once the patch is
 * confirmed, or by the next write. Its scale event stays `pending` until then
 * (lib/behavior/pending.ts).
 */
export interface Intent {
  /** The replicas the run set out to patch. */
  readonly replicas: number;
  /** `spec.replicas` of the target when it was read. */
  readonly from: number;
  /** Unix seconds: the time of the scale event it recorded. */
  readonly time: number;
  /** That scale event's change (0 when the rescale records none, e.g. a scale to zero). */
  readonly change: number;
}

/**
 * What a run reports for people (and printer columns): nothing a later decision reads, except
 * `desiredReplicas` (Observe mode's `WouldRescale` event, once per decision) and what
 * `explain` prints. Stored as such in `status`.
 */
export interface ReportFields {
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
  /** Which rule moved desiredReplicas away from computedReplicas (LimitedBy in lib/decide/types.ts). */
  readonly limitedBy?: string;
  /**
   * Observe mode: who really scales the target (`HorizontalPodAutoscaler shop/web`); compare
   * what it holds (`currentReplicas`) with what we would hold (`desiredReplicas`).
   */
  readonly beside?: string;
  /** Names of the schedule windows open in the last run. */
  readonly activeSchedules?: readonly string[];
  /** With `spec.forecast`: what the forecast did this run (lib/forecast/status.ts). */
  readonly forecast?: ForecastStatus;
}

export interface State {
  /** The layout it was read from (0: before versions); rendered as SCHEMA_VERSION. */
  readonly schemaVersion: number;
  /** What the decision reads and returns: history (recommendations, scale events), failure
   * count, last active time, last known values; times in Unix seconds. */
  readonly scaling: ScalingState;
  readonly intent?: Intent;
  /** RFC 3339: the run that wrote it; times equal to it stand (lib/state/standing.ts). */
  readonly recordedAt?: string;
  readonly observedGeneration?: number;
  readonly lastScaleTime?: string;
  /** In stored order. */
  readonly conditions: readonly Condition[];
  /** The last `DECISION_HISTORY` decisions, oldest first (lib/record). */
  readonly decisions?: readonly DecisionRecord[];
  /**
   * The last run's report, and any field this version does not know (a newer version's, a
   * report field added beside this module such as `forecast`), carried through as stored.
   */
  readonly report: ReportFields & Readonly<Record<string, unknown>>;
  /**
   * The status as the server holds it, unread (lib/state/status.ts gives it its type): the base
   * of the next patch (patch.ts).
   */
  readonly stored: Readonly<Record<string, unknown>> | undefined;
}
