/** Specs for the parser tests: the two samples (frozen) and a way to vary one field. */
import type { ParseResult, ScalingSpec } from '../../lib/spec/types.js';

export type Json = Record<string, unknown>;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** A copy of `base` with the dot path set to `value` (undefined deletes it). */
export function withField(base: Json, path: string, value: unknown): Json {
  const copy = structuredClone(base);
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key] as Json;
  const last = keys.at(-1)!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

export function expectSpec(result: ParseResult): ScalingSpec {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result.spec;
}

/** crds/samples/original.yaml, verbatim (frozen: the parser must not write to its input). */
export const ORIGINAL: Json = deepFreeze({
  targetDeployment: 'my-app',
  metricSource: 'http://my-metrics-service/api/active_users',
  scaleThresholds: { minUsers: 100, maxUsers: 1000, minReplicas: 2, maxReplicas: 10 },
});

/** The first resource of crds/samples/full.yaml. */
export const FULL: Json = deepFreeze({
  scaleTargetRef: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: 'shop-frontend',
    namespace: 'shop',
  },
  minReplicas: 2,
  maxReplicas: 20,
  metrics: [
    {
      name: 'active_users',
      http: { url: 'http://shop-metrics.shop.svc/api/stats', valuePath: 'data.active_users' },
      target: { type: 'AverageValue', averageValue: 200 },
    },
  ],
});

export const METRIC = (FULL.metrics as Json[])[0]!;
