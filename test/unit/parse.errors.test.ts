import { parseScaling } from '../../lib/spec/parse.js';
import type { FieldError } from '../../lib/spec/types.js';
import { METRIC, ORIGINAL, withField, type Json } from '../support/specFixtures.js';

const O = (path: string, value: unknown): Json => withField(ORIGINAL, path, value);
const RFC1123 = 'must be a lowercase RFC 1123 subdomain (e.g. my-app)';
const HTTP = 'must be an http(s) URL';

describe('parseScaling: spec and original form, one row per rule, exactly one error each', () => {
  it.each<[string, unknown, string, string]>([
    // The spec as a whole: one form, never both, never neither.
    ['spec is null', null, 'spec', 'must be an object'],
    ['spec is a list', [ORIGINAL], 'spec', 'must be an object'],
    [
      'neither form',
      { behavior: {} },
      'spec',
      'must use one form: targetDeployment, metricSource and scaleThresholds (original), or scaleTargetRef, maxReplicas and metrics (full)',
    ],
    [
      'both forms',
      { ...ORIGINAL, maxReplicas: 3 },
      'spec',
      'must use one form, not both: found targetDeployment, metricSource, scaleThresholds (original form) and maxReplicas (full form)',
    ],
    // Original form.
    [
      'targetDeployment missing',
      O('targetDeployment', undefined),
      'spec.targetDeployment',
      'is required',
    ],
    [
      'targetDeployment not a string',
      O('targetDeployment', 7),
      'spec.targetDeployment',
      'must be a string',
    ],
    [
      'targetDeployment uppercase/underscore',
      O('targetDeployment', 'My_App'),
      'spec.targetDeployment',
      RFC1123,
    ],
    [
      'targetDeployment 254 chars (> 253)',
      O('targetDeployment', 'a'.repeat(254)),
      'spec.targetDeployment',
      'must be at most 253 characters',
    ],
    [
      'targetNamespace with a dot (label, not subdomain)',
      O('targetNamespace', 'a.b'),
      'spec.targetNamespace',
      'must be a lowercase RFC 1123 label (e.g. default)',
    ],
    ['metricSource missing', O('metricSource', undefined), 'spec.metricSource', 'is required'],
    ['metricSource relative', O('metricSource', '/api/active_users'), 'spec.metricSource', HTTP],
    [
      'metricSource uppercase scheme (the CRD pattern refuses it too)',
      O('metricSource', 'HTTP://m/x'),
      'spec.metricSource',
      HTTP,
    ],
    ['metricSource without host', O('metricSource', 'http://'), 'spec.metricSource', HTTP],
    [
      'metricSource with credentials',
      O('metricSource', 'http://u:p@m/x'),
      'spec.metricSource',
      'must not contain credentials (user:password@)',
    ],
    [
      'scaleThresholds missing',
      O('scaleThresholds', undefined),
      'spec.scaleThresholds',
      'is required',
    ],
    [
      'scaleThresholds a list',
      O('scaleThresholds', []),
      'spec.scaleThresholds',
      'must be an object',
    ],
    [
      'minUsers missing',
      O('scaleThresholds.minUsers', undefined),
      'spec.scaleThresholds.minUsers',
      'is required',
    ],
    [
      'minUsers as a string',
      O('scaleThresholds.minUsers', '100'),
      'spec.scaleThresholds.minUsers',
      'must be an integer',
    ],
    [
      'minUsers fractional',
      O('scaleThresholds.minUsers', 1.5),
      'spec.scaleThresholds.minUsers',
      'must be an integer',
    ],
    [
      'minUsers negative',
      O('scaleThresholds.minUsers', -1),
      'spec.scaleThresholds.minUsers',
      'must be greater than or equal to 0',
    ],
    [
      'maxUsers == minUsers (100 = 100: no range to map)',
      O('scaleThresholds.maxUsers', 100),
      'spec.scaleThresholds.maxUsers',
      'must be greater than minUsers (100)',
    ],
    [
      'maxUsers < minUsers (50 < 100)',
      O('scaleThresholds.maxUsers', 50),
      'spec.scaleThresholds.maxUsers',
      'must be greater than minUsers (100)',
    ],
    [
      'minReplicas > maxReplicas (11 > 10)',
      O('scaleThresholds.minReplicas', 11),
      'spec.scaleThresholds.minReplicas',
      'must be less than or equal to maxReplicas (10)',
    ],
    [
      'maxReplicas 0 (< 1)',
      O('scaleThresholds.maxReplicas', 0),
      'spec.scaleThresholds.maxReplicas',
      'must be greater than or equal to 1',
    ],
    [
      'maxReplicas 2^31 (> int32)',
      O('scaleThresholds.maxReplicas', 2 ** 31),
      'spec.scaleThresholds.maxReplicas',
      'must be less than or equal to 2147483647',
    ],
  ])('%s', (_name, spec, field, message) => {
    expect(parseScaling(spec)).toEqual({ ok: false, errors: [{ field, message }] });
  });
});

describe('parseScaling: several errors at once, in field order', () => {
  it.each<[string, Json, FieldError[]]>([
    [
      'original form: four independent mistakes',
      {
        targetDeployment: 'My_App',
        metricSource: 'ftp://m/x',
        scaleThresholds: { minUsers: 10, maxUsers: 5, minReplicas: 'two', maxReplicas: 0 },
      },
      [
        { field: 'spec.targetDeployment', message: RFC1123 },
        { field: 'spec.metricSource', message: HTTP },
        { field: 'spec.scaleThresholds.minReplicas', message: 'must be an integer' },
        {
          field: 'spec.scaleThresholds.maxReplicas',
          message: 'must be greater than or equal to 1',
        },
        // Cross-field rules still run on the fields that were valid (5 <= 10).
        { field: 'spec.scaleThresholds.maxUsers', message: 'must be greater than minUsers (10)' },
      ],
    ],
    [
      'full form: target, bounds and two metrics',
      {
        scaleTargetRef: { kind: 'Deployment', name: 'web' },
        minReplicas: 5,
        maxReplicas: 3,
        metrics: [METRIC, { ...METRIC, target: { type: 'Value', value: -1 } }],
      },
      [
        { field: 'spec.scaleTargetRef.namespace', message: 'is required' },
        { field: 'spec.metrics[1].target.value', message: 'must be greater than 0' },
        { field: 'spec.metrics[1].name', message: 'must be unique (same as spec.metrics[0].name)' },
        { field: 'spec.minReplicas', message: 'must be less than or equal to maxReplicas (3)' },
      ],
    ],
  ])('%s', (_name, spec, errors) => {
    expect(parseScaling(spec)).toEqual({ ok: false, errors });
  });
});
