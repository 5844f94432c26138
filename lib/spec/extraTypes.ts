/**
 * The optional parts of a spec that belong to neither form (issue 5): `behavior`, `fallback`,
 * scale to zero (`activationThreshold`, `cooldownPeriodSeconds`) and `schedules`.
 */
import type { Behavior } from '../behavior/types.js';

export const FALLBACK_BEHAVIORS = [
  'static',
  'currentReplicas',
  'currentReplicasIfHigher',
  'currentReplicasIfLower',
  'lastKnownValue',
] as const;
export type FallbackBehavior = (typeof FALLBACK_BEHAVIORS)[number];

/** KEDA `fallback`: after more than `failureThreshold` failed runs in a row, use `replicas`. */
export interface FallbackSpec {
  readonly failureThreshold: number;
  readonly replicas: number;
  readonly behavior: FallbackBehavior;
  /**
   * `lastKnownValue`: a failed metric uses its last good value (status.lastKnownValues) while
   * that is at most this old; after that the static fallback (`replicas`) applies.
   */
  readonly maxAgeSeconds?: number;
}

/** KEDA activation: with minReplicas 0, active iff a metric value > threshold. */
export interface ActivationSpec {
  readonly threshold: number;
  /** From the last active time until the target may go to 0. */
  readonly cooldownPeriodSeconds: number;
}

/** A recurring window whose bounds replace the base ones while it is open. */
export interface ScheduleSpec {
  readonly name: string;
  /** 5- or 6-field cron expression, evaluated in `timeZone`. */
  readonly start: string;
  /** Exactly one of `end` (cron) and `durationSeconds`. */
  readonly end?: string;
  readonly durationSeconds?: number;
  /** IANA name, default UTC. */
  readonly timeZone: string;
  readonly minReplicas?: number;
  readonly maxReplicas?: number;
}

export const SCALING_MODES = ['Active', 'Observe'] as const;
export type ScalingMode = (typeof SCALING_MODES)[number];

export interface ScalingExtras {
  /** Absent = Active. Observe: decide and record, never patch /scale (lib/reconcile/one.ts). */
  readonly mode?: ScalingMode;
  /**
   * autoscaling/v2 behavior with defaults applied. Absent: the full form takes the HPA's legacy
   * path, the original form acts at once (see README).
   */
  readonly behavior?: Behavior;
  readonly fallback?: FallbackSpec;
  readonly activation?: ActivationSpec;
  readonly schedules?: readonly ScheduleSpec[];
}

/** HPA validation limits and our own bounds, shared by the CRD schema and the parser. */
export const EXTRA_LIMITS = {
  maxStabilizationWindowSeconds: 3600,
  maxPeriodSeconds: 1800,
  maxPolicies: 10,
  maxSchedules: 16,
  /** A window may last at most a week. */
  maxDurationSeconds: 7 * 24 * 3600,
  maxCooldownSeconds: 7 * 24 * 3600,
  cronMaxLength: 128,
  timeZoneMaxLength: 64,
} as const;

export const EXTRA_DEFAULTS = {
  fallbackBehavior: 'static' as FallbackBehavior,
  activationThreshold: 0,
  cooldownPeriodSeconds: 300,
  lastKnownMaxAgeSeconds: 300,
  timeZone: 'UTC',
} as const;

/** Spec keys that belong to neither form. */
export const EXTRA_KEYS = [
  'mode',
  'behavior',
  'fallback',
  'activationThreshold',
  'cooldownPeriodSeconds',
  'schedules',
] as const;
