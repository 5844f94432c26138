/**
 * `spec` of the CRD schema. Both forms' fields are optional here: "exactly one form" and the
 * cross-field rules (minUsers < maxUsers, min <= max, unique names) are checked by `parseScaling`,
 * since v1.20 has no CEL. Defaults: see SPEC_DEFAULTS for why only nested ones are server-side.
 */
import { FORECAST_SCHEMA } from '../forecast/schema.js';
import { COALESCE_MODES, FORMULA_LIMITS } from '../formula/types.js';
import { EXTRA_PROPERTIES } from './extraSchema.js';
import { MAX_METRICS, MAX_REPLICAS, SPEC_DEFAULTS, STRING_RULES } from './rules.js';
import { describeInt32, describeString, type JsonSchema } from './schemaTypes.js';
import { HTTP_SOURCE, PROMETHEUS_SOURCE } from './sourceSchema.js';

const USERS: JsonSchema = { type: 'integer', format: 'int64', minimum: 0 };

const SCALE_THRESHOLDS: JsonSchema = {
  type: 'object',
  description: 'Original form: active users mapped linearly onto replicas between the bounds.',
  required: ['minUsers', 'maxUsers', 'minReplicas', 'maxReplicas'],
  properties: {
    minUsers: { ...USERS, description: 'At or below this many users: minReplicas.' },
    maxUsers: { ...USERS, description: 'At or above this many users: maxReplicas (> minUsers).' },
    minReplicas: describeInt32('Fewest replicas (<= maxReplicas).', 0, MAX_REPLICAS),
    maxReplicas: describeInt32('Most replicas.', 1, MAX_REPLICAS),
  },
};

/** The original Kopf operator's fields, accepted unchanged (plus optional targetNamespace). */
export const ORIGINAL_FORM_PROPERTIES: Readonly<Record<string, JsonSchema>> = {
  targetDeployment: describeString('Original form: name of the Deployment.', STRING_RULES.name),
  targetNamespace: describeString(
    `Original form: namespace of the Deployment (default "${SPEC_DEFAULTS.targetNamespace}").`,
    STRING_RULES.namespace,
  ),
  metricSource: describeString(
    'Original form: URL returning JSON {"active_users": N}.',
    STRING_RULES.url,
  ),
  scaleThresholds: SCALE_THRESHOLDS,
};

const SCALE_TARGET_REF: JsonSchema = {
  type: 'object',
  description: 'Full form: the workload to scale; any namespaced kind with a /scale subresource.',
  required: ['kind', 'name', 'namespace'],
  properties: {
    apiVersion: {
      ...describeString('API version of the workload.', STRING_RULES.apiVersion),
      default: SPEC_DEFAULTS.apiVersion,
    },
    kind: describeString('Kind of the workload, e.g. Deployment.', STRING_RULES.kind),
    name: describeString('Name of the workload.', STRING_RULES.name),
    namespace: describeString('Namespace of the workload.', STRING_RULES.namespace),
  },
};

const TARGET_VALUE: JsonSchema = { type: 'number', minimum: 0, exclusiveMinimum: true };

/** As in autoscaling/v2 (also the target of spec.formula). */
export const METRIC_TARGET: JsonSchema = {
  type: 'object',
  description:
    'As in autoscaling/v2: type Value compares the metric with value; type AverageValue ' +
    'compares it divided by the replicas with averageValue. Set only the one the type names.',
  required: ['type'],
  properties: {
    type: { type: 'string', enum: ['AverageValue', 'Value'] },
    averageValue: { ...TARGET_VALUE, description: 'Target per replica (type AverageValue).' },
    value: { ...TARGET_VALUE, description: 'Target for the whole metric (type Value).' },
  },
  oneOf: [
    { properties: { type: { enum: ['AverageValue'] } }, required: ['averageValue'] },
    { properties: { type: { enum: ['Value'] } }, required: ['value'] },
  ],
};

const METRIC: JsonSchema = {
  type: 'object',
  description:
    'Exactly one source: http or prometheus. target is required unless spec.formula is set.',
  required: ['name'],
  oneOf: [{ required: ['http'] }, { required: ['prometheus'] }],
  properties: {
    name: describeString('Unique within the object; shown in status.', STRING_RULES.metricName),
    http: HTTP_SOURCE,
    prometheus: PROMETHEUS_SOURCE,
    target: METRIC_TARGET,
  },
};

const FORMULA: JsonSchema = {
  type: 'object',
  description:
    'Full form: one value computed from the named metrics (KEDA scalingModifiers); it, not each ' +
    'metric, goes through the target arithmetic.',
  required: ['expression', 'target'],
  properties: {
    expression: {
      type: 'string',
      description:
        "expr's numeric subset, as KEDA scalingModifiers.formula: metric names, numbers, " +
        '+ - * / % ** ^, comparisons, and/or/not, c ? a : b, a ?? b, [arrays], float int abs ' +
        'ceil floor round min max mean median, count all any none one sum filter map with {# ...}.',
      minLength: 1,
      maxLength: FORMULA_LIMITS.maxLength,
    },
    target: METRIC_TARGET,
    activationTarget: {
      type: 'number',
      minimum: 0,
      description: 'With minReplicas 0: active iff the formula value is above this.',
    },
    coalesce: {
      type: 'string',
      enum: [...COALESCE_MODES],
      description:
        'When a ?? b takes b for a failed metric: OnFailure (default, the run it fails) or ' +
        'AfterFailureThreshold (KEDA fallback.behavior scalingModifiers: after more than ' +
        'fallback.failureThreshold failed runs; until then the size is held).',
    },
  },
};

/** HPA-style fields. */
export const FULL_FORM_PROPERTIES: Readonly<Record<string, JsonSchema>> = {
  scaleTargetRef: SCALE_TARGET_REF,
  minReplicas: describeInt32(
    `Full form: fewest replicas (default ${SPEC_DEFAULTS.minReplicas}, applied by the controller).`,
    0,
    MAX_REPLICAS,
  ),
  maxReplicas: describeInt32('Full form: most replicas (>= minReplicas).', 1, MAX_REPLICAS),
  metrics: {
    type: 'array',
    description: 'Full form: the metrics to scale on (as in the HPA, the highest proposal wins).',
    minItems: 1,
    maxItems: MAX_METRICS,
    items: METRIC,
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': ['name'],
  },
  formula: FORMULA,
  forecast: FORECAST_SCHEMA,
};

export const SPEC_SCHEMA: JsonSchema = {
  type: 'object',
  description:
    'Either the original form (targetDeployment, metricSource, scaleThresholds) or the full ' +
    'form (scaleTargetRef, minReplicas, maxReplicas, metrics), not both.',
  // Later optional properties (behavior, fallback, schedules) are added beside the two forms.
  properties: { ...ORIGINAL_FORM_PROPERTIES, ...FULL_FORM_PROPERTIES, ...EXTRA_PROPERTIES },
};
