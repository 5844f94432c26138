import fc from 'fast-check';
import { parseScaling } from '../../lib/spec/parse.js';
import type { ScalingSpec } from '../../lib/spec/types.js';
import {
  FULL,
  METRIC,
  ORIGINAL,
  expectSpec,
  withField,
  type Json,
} from '../support/specFixtures.js';

describe('parseScaling: samples', () => {
  it.each<[string, Json, ScalingSpec]>([
    [
      'original form, as the Kopf operator wrote it',
      ORIGINAL,
      {
        form: 'original',
        target: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'my-app', namespace: 'default' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
          {
            name: 'active_users',
            http: { url: 'http://my-metrics-service/api/active_users', valuePath: 'active_users' },
          },
        ],
        thresholds: { minUsers: 100, maxUsers: 1000 },
      },
    ],
    [
      'full form, every field given',
      FULL,
      {
        form: 'full',
        target: {
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
      },
    ],
  ])('%s', (_name, spec, expected) => {
    expect(parseScaling(spec)).toEqual({ ok: true, spec: expected });
  });
});

describe('parseScaling: defaults and accepted edges', () => {
  it.each<[string, Json, (s: ScalingSpec) => unknown, unknown]>([
    // Defaults: the field is absent, the parser fills what the CRD documents.
    ['targetNamespace absent → default', ORIGINAL, (s) => s.target.namespace, 'default'],
    [
      'targetNamespace null → default (null means unset)',
      withField(ORIGINAL, 'targetNamespace', null),
      (s) => s.target.namespace,
      'default',
    ],
    [
      'targetNamespace given',
      withField(ORIGINAL, 'targetNamespace', 'shop'),
      (s) => s.target.namespace,
      'shop',
    ],
    [
      'apiVersion absent → apps/v1',
      withField(FULL, 'scaleTargetRef.apiVersion', undefined),
      (s) => s.target.apiVersion,
      'apps/v1',
    ],
    ['minReplicas absent → 1', withField(FULL, 'minReplicas', undefined), (s) => s.minReplicas, 1],
    [
      'valuePath absent → value',
      withField(FULL, 'metrics.0.http.valuePath', undefined),
      (s) => s.metrics[0]?.http?.valuePath,
      'value',
    ],
    // Edges a user may write and that must stay accepted.
    ['minReplicas 0 (scale to zero)', withField(FULL, 'minReplicas', 0), (s) => s.minReplicas, 0],
    ['min == max pins the replicas', withField(FULL, 'minReplicas', 20), (s) => s.minReplicas, 20],
    [
      'original min == max replicas',
      withField(ORIGINAL, 'scaleThresholds.minReplicas', 10),
      (s) => s.minReplicas,
      10,
    ],
    [
      'core group apiVersion v1',
      withField(FULL, 'scaleTargetRef.apiVersion', 'v1'),
      (s) => s.target.apiVersion,
      'v1',
    ],
    [
      'StatefulSet target',
      withField(FULL, 'scaleTargetRef.kind', 'StatefulSet'),
      (s) => s.target.kind,
      'StatefulSet',
    ],
    [
      'fractional target value',
      withField(FULL, 'metrics.0.target', { type: 'Value', value: 0.5 }),
      (s) => s.metrics[0]?.target,
      { type: 'Value', value: 0.5 },
    ],
    [
      'https URL with a query',
      withField(FULL, 'metrics.0.http.url', 'https://m.example/q?x=1'),
      (s) => s.metrics[0]?.http?.url,
      'https://m.example/q?x=1',
    ],
    [
      'unknown key (later: behavior) is ignored',
      withField(FULL, 'behavior', {}),
      (s) => s.form,
      'full',
    ],
    [
      'two metrics with distinct names',
      withField(FULL, 'metrics.1', { ...METRIC, name: 'orders' }),
      (s) => s.metrics.map((m) => m.name),
      ['active_users', 'orders'],
    ],
  ])('%s', (_name, spec, select, expected) => {
    expect(select(expectSpec(parseScaling(spec)))).toEqual(expected);
  });
});

describe('parseScaling: URLs are never echoed', () => {
  const secret = 'S3CRET';
  it.each<[string, Json, string]>([
    // Each URL is invalid for a different reason and carries the secret where a token would go.
    [
      'userinfo',
      withField(ORIGINAL, 'metricSource', `http://user:${secret}@m.example/x`),
      'spec.metricSource',
    ],
    [
      'ftp with a query token',
      withField(ORIGINAL, 'metricSource', `ftp://m.example/?token=${secret}`),
      'spec.metricSource',
    ],
    [
      'unparsable host',
      withField(FULL, 'metrics.0.http.url', `http://[::1/?token=${secret}`),
      'spec.metrics[0].http.url',
    ],
    [
      'embedded newline',
      withField(FULL, 'metrics.0.http.url', `https://m.example/\n?token=${secret}`),
      'spec.metrics[0].http.url',
    ],
    [
      'over 2048 chars',
      withField(
        FULL,
        'metrics.0.http.url',
        `https://m.example/?token=${secret}&p=${'x'.repeat(2048)}`,
      ),
      'spec.metrics[0].http.url',
    ],
  ])('%s', (_name, spec, field) => {
    const result = parseScaling(spec);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual([field]);
  });

  it('keeps secrets out of every error for any URL-ish string (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        const url = `${before}${secret}${after}`;
        const result = parseScaling(withField(ORIGINAL, 'metricSource', url));
        return result.ok || !JSON.stringify(result.errors).includes(secret);
      }),
    );
  });
});

describe('parseScaling: any input', () => {
  it('never throws, and fails with at least one error (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (spec) => {
        const result = parseScaling(spec);
        return result.ok || result.errors.length > 0;
      }),
    );
  });
});
