/** The typed, validated form of a BusinessScaling spec. Produced only by `parseScaling`. */
import type { ScalingExtras } from './extraTypes.js';

export const GROUP = 'example.com';
export const VERSION = 'v1';
export const PLURAL = 'businessscalings';
export const KIND = 'BusinessScaling';

/** Any namespaced workload with a `/scale` subresource. */
export interface ScaleTargetRef {
  readonly apiVersion: string; // e.g. "apps/v1"
  readonly kind: string; // e.g. "Deployment"
  readonly name: string;
  readonly namespace: string;
}

export type MetricTarget =
  | { readonly type: 'AverageValue'; readonly averageValue: number }
  | { readonly type: 'Value'; readonly value: number };

export interface HttpMetricSource {
  readonly url: string;
  /** Dot path into the JSON body, e.g. `data.active_users` or `items.0.count`. */
  readonly valuePath: string;
}

export interface MetricSpec {
  readonly name: string;
  readonly http: HttpMetricSource;
  /** Absent for the original form, which maps users to replicas by its own formula. */
  readonly target?: MetricTarget;
}

/** The original Kopf operator's thresholds (`spec.scaleThresholds`). */
export interface UserThresholds {
  readonly minUsers: number;
  readonly maxUsers: number;
}

/** Both forms; `ScalingExtras` adds behavior, fallback, activation and schedules. */
export interface ScalingSpec extends ScalingExtras {
  /** `original`: targetDeployment/metricSource/scaleThresholds. `full`: scaleTargetRef/metrics. */
  readonly form: 'original' | 'full';
  readonly target: ScaleTargetRef;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Original form: exactly one metric named `active_users` at valuePath `active_users`. */
  readonly metrics: readonly MetricSpec[];
  /** Present iff form === 'original'. */
  readonly thresholds?: UserThresholds;
}

export interface FieldError {
  /** JSON path of the offending field, e.g. `spec.scaleThresholds.maxUsers`. */
  readonly field: string;
  readonly message: string;
}

export type ParseResult =
  | { readonly ok: true; readonly spec: ScalingSpec }
  | { readonly ok: false; readonly errors: readonly FieldError[] };
