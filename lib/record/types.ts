/**
 * The decision record (`status.decisions`): the last decisions, each with what led to it, so
 * "why are we at 14 at 09:03?" has an answer. Plain JSON, as stored in status.
 */

/** The bound of the `DECISION_HISTORY` setting (the CRD declares the same maxItems). */
export const MAX_DECISION_HISTORY = 50;

export interface MetricRecord {
  readonly name: string;
  /** The value read, when the read succeeded. */
  readonly value?: number;
  /** The error kind, when it failed. */
  readonly error?: string;
  /** The target: `averageValue` (per replica) or `value` (whole workload). */
  readonly averageValue?: number;
  readonly targetValue?: number;
  /** This metric's own proposal (full form). */
  readonly proposal?: number;
}

export interface DecisionRecord {
  /** RFC 3339, whole seconds. */
  readonly time: string;
  /** Replicas before → after (after = what was set, or would be in Observe mode). */
  readonly from: number;
  readonly to: number;
  readonly action: 'scale' | 'unchanged' | 'held';
  /** Observe mode: decided, not applied. */
  readonly observe?: boolean;
  readonly reason: string;
  readonly metrics: readonly MetricRecord[];
  /** With `spec.formula`: its value and proposal (named `formula`). */
  readonly formula?: MetricRecord;
  /** The metrics' recommendation (before stabilization and rate limits). */
  readonly recommended?: number;
  /** After stabilization, before rate limits (behavior and the legacy path). */
  readonly stabilized?: number;
  /** The rule that moved `to` away from the recommendation. */
  readonly limitedBy?: string;
  /** Schedule windows in force. */
  readonly schedules?: readonly string[];
  /** With `spec.forecast`, when it was ready: what it asked for, and whether it raised `to`. */
  readonly forecast?: ForecastRecord;
}

export interface ForecastRecord {
  readonly replicas?: number;
  readonly model?: string;
  readonly used: boolean;
}
