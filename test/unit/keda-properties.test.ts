/** from-keda over generated ScaledObjects: never throws, keeps the bounds, notes point inside the file. */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { convertKeda } from '../../lib/keda/convert.js';

const scalar = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.integer({ min: -5, max: 500 }).map(String),
  fc.boolean(),
);
const trigger = fc.record(
  {
    type: fc.constantFrom('metrics-api', 'prometheus', 'cpu', 'kafka'),
    name: fc.constantFrom('a', 'b', 'Bad Name', undefined),
    metricType: fc.constantFrom('AverageValue', 'Value', 'Utilization', undefined),
    metadata: fc.dictionary(
      fc.constantFrom(
        'url',
        'serverAddress',
        'query',
        'targetValue',
        'threshold',
        'activationThreshold',
        'valueLocation',
        'format',
        'authMode',
        'unsafeSsl',
        'timeout',
        'x',
      ),
      fc.oneof(
        scalar,
        fc.constantFrom('http://api/x', 'https://p', 'sum(up)', 'items.#', 'json', 'xml'),
      ),
    ),
  },
  { requiredKeys: ['type', 'metadata'] },
);

const scaledObject = fc.record({
  minReplicaCount: fc.integer({ min: 0, max: 5 }),
  maxReplicaCount: fc.integer({ min: 5, max: 50 }),
  pollingInterval: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
  cooldownPeriod: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
  idleReplicaCount: fc.option(fc.constant(0), { nil: undefined }),
  fallback: fc.option(
    fc.record({
      failureThreshold: fc.nat(5),
      replicas: fc.nat(9),
      behavior: fc.constantFrom('static', 'scalingModifiers', 'odd'),
    }),
    { nil: undefined },
  ),
  advanced: fc.option(
    fc.record({
      scalingModifiers: fc.record({
        formula: fc.constantFrom('a + b', 'a ?? 2', 'count([a], {# > 1})', ''),
        target: scalar,
      }),
    }),
    { nil: undefined },
  ),
  triggers: fc.array(trigger, { maxLength: 4 }),
});

it('never throws; bounds are kept; every note is on a line of the input; drops decide the exit', () => {
  fc.assert(
    fc.property(scaledObject, (spec) => {
      const text = stringify({
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ScaledObject',
        metadata: { name: 'web', namespace: 'shop' },
        spec: { scaleTargetRef: { name: 'web' }, ...spec },
      });
      const lines = text.split('\n').length;
      const c = convertKeda(text);
      const out = c.resources[0] as { spec: { minReplicas: number; maxReplicas: number } };
      expect([out.spec.minReplicas, out.spec.maxReplicas]).toEqual([
        spec.minReplicaCount,
        spec.maxReplicaCount,
      ]);
      for (const n of c.notes) {
        expect(n.line).toBeGreaterThanOrEqual(1);
        expect(n.line).toBeLessThanOrEqual(lines);
      }
      if (spec.pollingInterval !== undefined || spec.idleReplicaCount !== undefined)
        expect(c.notes.some((n) => n.severity === 'dropped')).toBe(true);
    }),
    { numRuns: 300 },
  );
});
