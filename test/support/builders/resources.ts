/**
 * BusinessScaling specs in their wire shape (as a user writes them), for tests that create
 * resources on a control plane or in FakeKube. Parsed specs for the decide tests: ./specs.ts.
 */

/** The original form (the Kopf operator's): 100..1000 users → 2..10 replicas. */
export const originalSpec = (target: string, url: string, namespace = 'shop') => ({
  targetDeployment: target,
  targetNamespace: namespace,
  metricSource: url,
  scaleThresholds: { minUsers: 100, maxUsers: 1000, minReplicas: 2, maxReplicas: 10 },
});

export interface FullSpecOptions {
  /** The target's name. */
  readonly name: string;
  readonly namespace?: string;
  readonly kind?: string;
  /** Only written when given (the parser defaults it from the kind). */
  readonly apiVersion?: string;
  readonly url: string;
  /** Only written when given (the parser defaults it). */
  readonly valuePath?: string;
  /** More fields of the metric's `http` (auth, format, headers, …). */
  readonly http?: object;
  /** The metric's name. Default `orders`. */
  readonly metric?: string;
  /** The AverageValue target. Default 100. */
  readonly averageValue?: number;
  readonly minReplicas?: number;
  readonly maxReplicas?: number;
}

/**
 * The full form with one HTTP metric and an AverageValue target: Deployment `shop/<name>`,
 * 1..20 replicas, metric `orders` at 100 a replica unless told otherwise; `extra` adds or
 * overrides top-level fields (behavior, fallback, schedules, mode, …).
 */
export const fullSpec = (o: FullSpecOptions, extra: object = {}) => ({
  scaleTargetRef: {
    ...(o.apiVersion !== undefined && { apiVersion: o.apiVersion }),
    kind: o.kind ?? 'Deployment',
    name: o.name,
    namespace: o.namespace ?? 'shop',
  },
  minReplicas: o.minReplicas ?? 1,
  maxReplicas: o.maxReplicas ?? 20,
  metrics: [
    {
      name: o.metric ?? 'orders',
      http: {
        url: o.url,
        ...(o.valuePath !== undefined && { valuePath: o.valuePath }),
        ...o.http,
      },
      target: { type: 'AverageValue', averageValue: o.averageValue ?? 100 },
    },
  ],
  ...extra,
});

/** A behavior that acts at once (the README recipe): for tests about the metric, not the limits. */
export const ACT_AT_ONCE = {
  scaleDown: { stabilizationWindowSeconds: 0 },
  scaleUp: { policies: [{ type: 'Pods', value: 10000, periodSeconds: 1 }] },
};
