/**
 * `status` of a BusinessScaling on the wire, written only through the /status subresource. Only
 * lib/state reads and writes it (and the kube port carries it): everyone else works on `State`
 * (./types.ts). `npm run lint` checks this (tools/lint/state.ts).
 */
import type { DecisionRecord } from '../record/types.js';
import type { Condition, Intent, ReportFields } from './types.js';

export type { Condition, ConditionType, Intent, MetricStatus } from './types.js';

/** Field by field: the State's own (./types.ts), the run's report (`ReportFields`), the rest. */
export interface ScalingStatus extends ReportFields {
  /** The version of this layout (lib/state/migrate.ts); absent: written before versions. */
  readonly schemaVersion?: number;
  readonly observedGeneration?: number;
  /**
   * RFC 3339: the run that wrote this status. A last-seen time equal to it (the newest
   * recommendation, a last known value, `lastActiveTime`) stands for every later run that wrote
   * nothing (lib/state/standing.ts).
   */
  readonly recordedAt?: string;
  readonly lastScaleTime?: string;
  readonly conditions?: readonly Condition[];
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
}

/** Earlier name of `Intent`. */
export type StatusIntent = Intent;

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
