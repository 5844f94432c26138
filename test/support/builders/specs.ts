/**
 * Parsed specs (what `parseScaling` returns) for the decide and behavior tests: Deployment
 * shop/web, one HTTP metric `q` read from http://m/q. Wire-shape specs: ./resources.ts.
 */
import type { MetricSpec, ScaleTargetRef, ScalingSpec } from '../../../lib/spec/types.js';

export const WEB_TARGET: ScaleTargetRef = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  name: 'web',
  namespace: 'shop',
};

/** Metric `q` from http://m/q at valuePath `v`, with an AverageValue target. */
export const averageMetric = (averageValue: number): MetricSpec => ({
  name: 'q',
  http: { url: 'http://m/q', valuePath: 'v' },
  target: { type: 'AverageValue', averageValue },
});

/**
 * The full form on WEB_TARGET, 1..100 replicas, metric `q` at AverageValue `averageValue`
 * (with 1 the proposal is ceil(value) outside the tolerance band); `over` replaces or adds
 * top-level fields (bounds, behavior, fallback, schedules, activation, …).
 */
export const webSpec = (averageValue: number, over: Partial<ScalingSpec> = {}): ScalingSpec => ({
  form: 'full',
  target: WEB_TARGET,
  minReplicas: 1,
  maxReplicas: 100,
  metrics: [averageMetric(averageValue)],
  ...over,
});
