/**
 * `status` of the CRD schema, mirroring lib/state/status.ts field by field. Declared fully (no
 * x-kubernetes-preserve-unknown-fields): a field missing here is pruned by the API server, so a
 * new status field needs a property here too. Strings have limits: writers must truncate.
 *
 * Every list is `atomic`, not `map`/`set` as in metav1.Condition: the reconciler is the only
 * writer and replaces each list whole (JSON merge patch), so per-item ownership would promise
 * other server-side-apply managers a merge we do not do. It also makes each /status write ~25 %
 * cheaper for the API server (no per-item managedFields), measured on 1,000 writes.
 */
import { DECISIONS_SCHEMA } from './decisionSchema.js';
import { FORECAST_STATUS, HISTORY, INTENT } from './historySchema.js';
import { MAX_METRICS, MAX_REPLICAS } from './rules.js';
import { describeInt32, type JsonSchema } from './schemaTypes.js';

const INT64: JsonSchema = { type: 'integer', format: 'int64', minimum: 0 };
const TIME: JsonSchema = { type: 'string', format: 'date-time' };

/** As metav1.Condition (type, status, reason, message, lastTransitionTime, observedGeneration). */
const CONDITION: JsonSchema = {
  type: 'object',
  required: ['type', 'status', 'reason', 'message', 'lastTransitionTime'],
  properties: {
    type: {
      type: 'string',
      description:
        'Ready, AbleToScale, ScalingActive, ScalingLimited, Paused, Fallback, Active or Forecast.',
      maxLength: 316,
      pattern: '^[A-Za-z][A-Za-z0-9]*$',
    },
    status: { type: 'string', enum: ['True', 'False', 'Unknown'] },
    reason: {
      type: 'string',
      description: 'CamelCase reason (lib/reasons.ts).',
      minLength: 1,
      maxLength: 1024,
      pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$',
    },
    message: { type: 'string', maxLength: 32768 },
    lastTransitionTime: { ...TIME, description: 'When status last changed.' },
    observedGeneration: { ...INT64, description: 'metadata.generation this was set from.' },
  },
};

const METRIC_STATUS: JsonSchema = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', maxLength: 63 },
    value: { type: 'number', description: 'Last value read, when the read succeeded.' },
    error: { type: 'string', maxLength: 1024, description: 'Error kind and redacted message.' },
    note: {
      type: 'string',
      maxLength: 256,
      description: 'How the value was read, e.g. 2/3 endpoints.',
    },
  },
};

export const STATUS_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    observedGeneration: INT64,
    target: { type: 'string', maxLength: 512, description: 'Kind/namespace/name of the workload.' },
    mode: {
      type: 'string',
      enum: ['Active', 'Observe'],
      description: 'spec.mode (default Active).',
    },
    minReplicas: describeInt32('Effective lower bound of the last run.', 0, MAX_REPLICAS),
    maxReplicas: describeInt32('Effective upper bound of the last run.', 0, MAX_REPLICAS),
    currentReplicas: describeInt32('spec.replicas of the target when last read.', 0, MAX_REPLICAS),
    desiredReplicas: describeInt32('Replicas decided by the last run.', 0, MAX_REPLICAS),
    computedReplicas: {
      ...INT64,
      description: 'What the metrics asked for, before clamping to min/max.',
    },
    currentMetrics: {
      type: 'array',
      items: METRIC_STATUS,
      'x-kubernetes-list-type': 'atomic',
    },
    currentFormula: {
      type: 'object',
      description:
        'With spec.formula: its value from currentMetrics (what the target arithmetic used).',
      properties: {
        value: { type: 'number', description: 'The formula value, in whole milli-units.' },
        error: { type: 'string', maxLength: 1024, description: 'Why the formula gave no value.' },
      },
    },
    lastScaleTime: { ...TIME, description: 'When the target was last rescaled.' },
    schemaVersion: {
      type: 'integer',
      format: 'int32',
      minimum: 0,
      description:
        'The layout of this status (lib/state/migrate.ts); absent: written before versions. ' +
        'Read and migrated by every run; written with the next write that happens anyway.',
    },
    recordedAt: {
      ...TIME,
      description:
        'The run that wrote this status. A last-seen time equal to it (newest recommendation, ' +
        'last known value, lastActiveTime) also stands for every later run that wrote nothing: ' +
        'those runs saw the same; the shard Lease records when the last one ran.',
    },
    limitedBy: {
      type: 'string',
      maxLength: 64,
      description:
        'The rule that moved desiredReplicas away from computedReplicas: ScaleUpLimit, ' +
        'ScaleDownLimit, TooManyReplicas, TooFewReplicas, ScaleUpStabilized, ' +
        'ScaleDownStabilized, Schedule, Fallback, Paused, Cooldown or ScaleToZero.',
    },
    beside: {
      type: 'string',
      maxLength: 1024,
      description:
        'Observe mode: the autoscaler(s) that really scale the target. Compare what it holds ' +
        '(currentReplicas) with what this resource would hold (desiredReplicas).',
    },
    activeSchedules: {
      type: 'array',
      description: 'Schedule windows open in the last run.',
      items: { type: 'string', maxLength: 63 },
      maxItems: 16,
      'x-kubernetes-list-type': 'atomic',
    },
    history: HISTORY,
    decisions: DECISIONS_SCHEMA,
    lastKnownValues: {
      type: 'array',
      description: 'fallback lastKnownValue: each metric’s last good value and when it was read.',
      maxItems: MAX_METRICS,
      'x-kubernetes-list-type': 'atomic',
      items: {
        type: 'object',
        required: ['name', 'value', 'time'],
        properties: {
          name: { type: 'string', maxLength: 63 },
          value: { type: 'number' },
          time: TIME,
        },
      },
    },
    failureCount: { ...INT64, description: 'With fallback: runs in a row with a failed metric.' },
    lastActiveTime: { ...TIME, description: 'With activation: last run with a metric above it.' },
    intent: INTENT,
    forecast: FORECAST_STATUS,
    conditions: {
      type: 'array',
      items: CONDITION,
      'x-kubernetes-list-type': 'atomic',
    },
  },
};
