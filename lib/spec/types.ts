/** The typed, validated form of a BusinessScaling spec. Produced only by `parseScaling`. */
import type { ForecastSettings } from '../forecast/settings.js';
import type { FormulaSpec } from '../formula/types.js';
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

import type { MetricTarget } from './target.js';

export type { MetricTarget };

export type MetricFormat = 'json' | 'text' | 'prometheus' | 'yaml' | 'xml';
export type MetricAggregate = 'sum' | 'avg' | 'max' | 'min';

/** A key of a Secret; `namespace` absent → the first of the setting `SECRETS_NAMESPACES`. */
export interface SecretKeyRef {
  readonly name: string;
  readonly key: string;
  readonly namespace?: string;
}

/** Credentials of a metric request; each kind is optional and they combine. */
export interface MetricAuth {
  /** Request headers whose values come from Secrets (bound to hosts by the Secret). */
  readonly headers?: readonly { readonly name: string; readonly secretKeyRef: SecretKeyRef }[];
  /** `Authorization: Bearer` from Entra ID for this scope (the function's managed identity). */
  readonly azure?: { readonly scope: string };
  /** Client TLS from a Secret: keys `tls.crt` + `tls.key` (client certificate), `ca.crt`. */
  readonly tls?: { readonly secretName: string; readonly namespace?: string };
  /** `Authorization: Bearer` from an OAuth2 client-credentials token (lib/auth/oauth2.ts). */
  readonly oauth2?: OAuth2Auth;
}

/** The client secret's Secret must list the token URL's host (not the metric's). */
export interface OAuth2Auth {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecretRef: SecretKeyRef;
  readonly scopes: readonly string[];
}

export interface HttpMetricSource {
  readonly url: string;
  /**
   * format json, yaml, xml: a dot path (`data.items.0.count`) or JSONPath (`$.items[*].count`);
   * format prometheus: a series selector (`orders_total{region="eu"}`); format text: unused.
   */
  readonly valuePath: string;
  /** Default GET. */
  readonly method?: 'GET' | 'POST';
  /** JSON sent with POST. */
  readonly body?: unknown;
  /** Default json. */
  readonly format?: MetricFormat;
  /** How several selected values become one; without it, several values are an error. */
  readonly aggregate?: MetricAggregate;
  /** Plain (non-secret) request headers. */
  readonly headers?: readonly { readonly name: string; readonly value: string }[];
  readonly auth?: MetricAuth;
  /** Read `url`'s path from every ready endpoint of a Service instead of `url`'s host. */
  readonly fromServiceEndpoints?: ServiceEndpoints;
}

/** KEDA `aggregateFromKubeServiceEndpoints`: one request per ready endpoint, then aggregated. */
export interface ServiceEndpoints {
  readonly service: string;
  /** Must be listed in the setting ENDPOINTS_NAMESPACES. */
  readonly namespace: string;
  /** The port on each endpoint (the pod's port, as in the EndpointSlice). */
  readonly port: number;
  readonly aggregate: MetricAggregate;
}

/** An instant query against the Prometheus HTTP API (`/api/v1/query`). */
export interface PrometheusMetricSource {
  readonly serverAddress: string;
  readonly query: string;
  readonly auth?: MetricAuth;
}

export type MetricSource = HttpMetricSource | PrometheusMetricSource;

export const isPrometheusSource = (s: MetricSource): s is PrometheusMetricSource => 'query' in s;

export interface MetricSpec {
  readonly name: string;
  /** Exactly one of `http` and `prometheus` is set. */
  readonly http?: HttpMetricSource;
  readonly prometheus?: PrometheusMetricSource;
  /** Absent for the original form (its own formula) and optional with `spec.formula`. */
  readonly target?: MetricTarget;
}

/** The source of a parsed metric (the parser guarantees one is set). */
export function sourceOf(metric: MetricSpec): MetricSource {
  const source = metric.http ?? metric.prometheus;
  if (!source) throw new Error(`metric ${metric.name} has no source`);
  return source;
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
  /** Full form: one value from the metrics (lib/formula) replaces the per-metric proposals. */
  readonly formula?: FormulaSpec;
  /** Predictive pre-scaling (lib/forecast); Observe unless mode is Active. */
  readonly forecast?: ForecastSettings;
}

export interface FieldError {
  /** JSON path of the offending field, e.g. `spec.scaleThresholds.maxUsers`. */
  readonly field: string;
  readonly message: string;
}

export type ParseResult =
  | { readonly ok: true; readonly spec: ScalingSpec }
  | { readonly ok: false; readonly errors: readonly FieldError[] };
