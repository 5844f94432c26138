import { parseScaling } from '../../lib/spec/parse.js';
import { FULL, METRIC, withField, type Json } from '../support/specFixtures.js';

const F = (path: string, value: unknown): Json => withField(FULL, path, value);
const RFC1123 = 'must be a lowercase RFC 1123 subdomain (e.g. my-app)';
const HTTP = 'must be an http(s) URL';

describe('parseScaling: full form, one row per rule, exactly one error each', () => {
  it.each<[string, unknown, string, string]>([
    // Full form: the target.
    [
      'scaleTargetRef missing',
      F('scaleTargetRef', undefined),
      'spec.scaleTargetRef',
      'is required',
    ],
    [
      'apiVersion without version',
      F('scaleTargetRef.apiVersion', 'apps'),
      'spec.scaleTargetRef.apiVersion',
      'must be group/version or version (e.g. apps/v1)',
    ],
    [
      'kind missing',
      F('scaleTargetRef.kind', undefined),
      'spec.scaleTargetRef.kind',
      'is required',
    ],
    [
      'kind lowercase',
      F('scaleTargetRef.kind', 'deployment'),
      'spec.scaleTargetRef.kind',
      'must be a CamelCase kind (e.g. Deployment)',
    ],
    ['name invalid', F('scaleTargetRef.name', '-app'), 'spec.scaleTargetRef.name', RFC1123],
    [
      'namespace missing (cluster-scoped CR: no implied namespace)',
      F('scaleTargetRef.namespace', undefined),
      'spec.scaleTargetRef.namespace',
      'is required',
    ],
    // Full form: bounds.
    [
      'minReplicas negative',
      F('minReplicas', -1),
      'spec.minReplicas',
      'must be greater than or equal to 0',
    ],
    [
      'minReplicas > maxReplicas (21 > 20)',
      F('minReplicas', 21),
      'spec.minReplicas',
      'must be less than or equal to maxReplicas (20)',
    ],
    [
      'maxReplicas 0 (< 1)',
      F('maxReplicas', 0),
      'spec.maxReplicas',
      'must be greater than or equal to 1',
    ],
    ['maxReplicas missing', F('maxReplicas', undefined), 'spec.maxReplicas', 'is required'],
    // Full form: metrics.
    ['metrics missing', F('metrics', undefined), 'spec.metrics', 'is required'],
    ['metrics not a list', F('metrics', METRIC), 'spec.metrics', 'must be a list'],
    ['metrics empty', F('metrics', []), 'spec.metrics', 'must have at least 1 item(s)'],
    [
      '17 metrics (> 16)',
      F(
        'metrics',
        Array.from({ length: 17 }, (_, i) => ({ ...METRIC, name: `m${i}` })),
      ),
      'spec.metrics',
      'must have at most 16 items',
    ],
    [
      'metric not an object',
      F('metrics.0', 'active_users'),
      'spec.metrics[0]',
      'must be an object',
    ],
    [
      'metric name with a space',
      F('metrics.0.name', 'active users'),
      'spec.metrics[0].name',
      'must be lowercase letters, digits, - and _ (e.g. active_users)',
    ],
    [
      'metric names repeated',
      F('metrics.1', METRIC),
      'spec.metrics[1].name',
      'must be unique (same as spec.metrics[0].name)',
    ],
    ['http missing', F('metrics.0.http', undefined), 'spec.metrics[0].http', 'is required'],
    ['url missing', F('metrics.0.http.url', undefined), 'spec.metrics[0].http.url', 'is required'],
    [
      'url not http(s)',
      F('metrics.0.http.url', 'file:///etc/passwd'),
      'spec.metrics[0].http.url',
      HTTP,
    ],
    [
      'valuePath with an empty segment',
      F('metrics.0.http.valuePath', 'data..users'),
      'spec.metrics[0].http.valuePath',
      'must be a dot path without empty segments (e.g. data.active_users)',
    ],
    ['target missing', F('metrics.0.target', undefined), 'spec.metrics[0].target', 'is required'],
    [
      'target type missing',
      F('metrics.0.target.type', undefined),
      'spec.metrics[0].target.type',
      'is required',
    ],
    [
      'target type Utilization (needs pods, not here)',
      F('metrics.0.target.type', 'Utilization'),
      'spec.metrics[0].target.type',
      'must be one of: AverageValue, Value',
    ],
    [
      'averageValue 0 (a ratio needs > 0)',
      F('metrics.0.target.averageValue', 0),
      'spec.metrics[0].target.averageValue',
      'must be greater than 0',
    ],
    [
      'averageValue as a quantity string',
      F('metrics.0.target.averageValue', '200'),
      'spec.metrics[0].target.averageValue',
      'must be a number',
    ],
    [
      'AverageValue without averageValue',
      F('metrics.0.target', { type: 'AverageValue' }),
      'spec.metrics[0].target.averageValue',
      'is required when type is AverageValue',
    ],
    [
      'Value with averageValue too',
      F('metrics.0.target', { type: 'Value', value: 5, averageValue: 5 }),
      'spec.metrics[0].target.averageValue',
      'must not be set when type is Value',
    ],
    [
      'value negative',
      F('metrics.0.target', { type: 'Value', value: -5 }),
      'spec.metrics[0].target.value',
      'must be greater than 0',
    ],
  ])('%s', (_name, spec, field, message) => {
    expect(parseScaling(spec)).toEqual({ ok: false, errors: [{ field, message }] });
  });
});
