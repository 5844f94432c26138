/**
 * autoscaling/v2 `HorizontalPodAutoscalerBehavior`, resolved: every field has its value (the
 * user's or the HPA default), so the algorithm never looks at "unset".
 */

export type PolicyType = 'Pods' | 'Percent';
export type SelectPolicy = 'Max' | 'Min' | 'Disabled';

export interface ScalingPolicy {
  readonly type: PolicyType;
  /** > 0: pods, or percent of the replicas at the start of the period. */
  readonly value: number;
  /** (0, 1800]: how far back this policy looks. */
  readonly periodSeconds: number;
}

export interface ScalingRules {
  /** [0, 3600]. */
  readonly stabilizationWindowSeconds: number;
  readonly selectPolicy: SelectPolicy;
  /** At least one. */
  readonly policies: readonly ScalingPolicy[];
  /** KEP-4951 per-direction tolerance (>= 0). */
  readonly tolerance: number;
}

export interface Behavior {
  readonly scaleUp: ScalingRules;
  readonly scaleDown: ScalingRules;
}

/** A raw recommendation of an earlier run (HPA `timestampedRecommendation`), time in Unix seconds. */
export interface Recommendation {
  readonly time: number;
  readonly replicas: number;
}

/**
 * One of our own successful rescales (HPA `timestampedScaleEvent`): `change` is the absolute
 * number of replicas added (in the up list) or removed (in the down list). `outdated` is set
 * once the event is older than its direction's longest policy period; its slot is then reused.
 */
export interface ScaleEvent {
  readonly time: number;
  readonly change: number;
  readonly outdated?: boolean;
  /**
   * Recorded before `/scale` was patched and not confirmed: `time` is when it was recorded; it
   * counts as taken until its write can no longer land (lib/behavior/pending.ts).
   */
  readonly pending?: boolean;
}

/** The HPA's two event lists, in slot order (not sorted: a reused slot keeps its place). */
export interface ScaleEvents {
  readonly scaleUpEvents: readonly ScaleEvent[];
  readonly scaleDownEvents: readonly ScaleEvent[];
}

/** What the HPA keeps in memory, persisted in `status.history`. */
export interface History extends ScaleEvents {
  readonly recommendations: readonly Recommendation[];
}

export const NO_SCALE_EVENTS: ScaleEvents = Object.freeze({
  scaleUpEvents: [],
  scaleDownEvents: [],
});

export const EMPTY_HISTORY: History = Object.freeze({ recommendations: [], ...NO_SCALE_EVENTS });
