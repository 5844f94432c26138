/**
 * What a BusinessScaling remembers from one run to the next, typed: the one model every other
 * module works on. lib/state reads it from `status` (read.ts), turns the next one back into
 * `status` (render.ts) and into the one minimal patch (patch.ts); nothing else touches `status`.
 */
import type { ScalingState } from '../decide/types.js';
import type { DecisionRecord } from '../record/types.js';
import type { Condition, Intent, ScalingStatus } from './status.js';

export type { Condition, ConditionType, Intent, MetricStatus } from './status.js';

/** The layout this version writes (`status.schemaVersion`, lib/state/migrate.ts). */
export const SCHEMA_VERSION = 1;

/** A condition as a run decides it: its transition time comes from the one before (render.ts). */
export type NewCondition = Omit<Condition, 'lastTransitionTime'>;

/**
 * What a run reports for people (and printer columns): nothing a later decision reads, except
 * `desiredReplicas` (Observe mode's `WouldRescale` event, once per decision) and what
 * `explain` prints. Field by field as in `status` (lib/state/status.ts).
 */
export type ReportFields = Pick<
  ScalingStatus,
  | 'mode'
  | 'target'
  | 'minReplicas'
  | 'maxReplicas'
  | 'currentReplicas'
  | 'desiredReplicas'
  | 'computedReplicas'
  | 'currentMetrics'
  | 'currentFormula'
  | 'limitedBy'
  | 'beside'
  | 'activeSchedules'
>;

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
  /** The status as the server holds it: the base of the next patch (patch.ts). */
  readonly stored: ScalingStatus | undefined;
}
