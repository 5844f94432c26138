/**
 * CRD schema of the fields beside both forms: behavior (autoscaling/v2, same names, limits and
 * enums), fallback, activation, schedules. Defaults are applied by the parser (as the HPA's
 * defaulting does) so a stored object shows only what its author wrote.
 */
import { DURATION_PATTERN } from './parseSchedules.js';
import { EXTRA_DEFAULTS, EXTRA_LIMITS, FALLBACK_BEHAVIORS, SCALING_MODES } from './extraTypes.js';
import { MAX_REPLICAS, STRING_RULES } from './rules.js';
import { describeInt32, describeString, type JsonSchema } from './schemaTypes.js';

const POLICY: JsonSchema = {
  type: 'object',
  required: ['type', 'value', 'periodSeconds'],
  properties: {
    type: { type: 'string', enum: ['Pods', 'Percent'] },
    value: describeInt32(
      'Pods, or percent of the replicas at the start of the period.',
      1,
      MAX_REPLICAS,
    ),
    periodSeconds: describeInt32(
      'How far back the policy looks.',
      1,
      EXTRA_LIMITS.maxPeriodSeconds,
    ),
  },
};

function rules(direction: string, window: number, policies: string): JsonSchema {
  return {
    type: 'object',
    description: `As HPAScalingRules; each field set replaces its default wholesale (${direction}).`,
    properties: {
      stabilizationWindowSeconds: describeInt32(
        `Default ${window}.`,
        0,
        EXTRA_LIMITS.maxStabilizationWindowSeconds,
      ),
      selectPolicy: {
        type: 'string',
        enum: ['Max', 'Min', 'Disabled'],
        description: 'Default Max.',
      },
      policies: {
        type: 'array',
        description: `Default ${policies}.`,
        minItems: 1,
        maxItems: EXTRA_LIMITS.maxPolicies,
        items: POLICY,
        'x-kubernetes-list-type': 'atomic',
      },
      tolerance: { type: 'number', minimum: 0, description: 'Default 0.1 (KEP-4951).' },
    },
  };
}

const CRON: JsonSchema = { type: 'string', minLength: 9, maxLength: EXTRA_LIMITS.cronMaxLength };

const SCHEDULE: JsonSchema = {
  type: 'object',
  required: ['name', 'start'],
  properties: {
    name: describeString('Unique; shown in status.activeSchedules.', STRING_RULES.metricName),
    start: { ...CRON, description: 'Cron (5 or 6 fields) in timeZone: the window opens.' },
    end: { ...CRON, description: 'Cron: the window closes (set end or duration).' },
    duration: {
      type: 'string',
      pattern: DURATION_PATTERN,
      maxLength: 16,
      description: 'How long the window stays open, e.g. 8h or 1h30m (set end or duration).',
    },
    timeZone: {
      type: 'string',
      maxLength: EXTRA_LIMITS.timeZoneMaxLength,
      description: `IANA time zone (default ${EXTRA_DEFAULTS.timeZone}); DST-correct.`,
    },
    minReplicas: describeInt32('Replaces minReplicas while open.', 0, MAX_REPLICAS),
    maxReplicas: describeInt32('Replaces maxReplicas while open.', 1, MAX_REPLICAS),
  },
};

export const EXTRA_PROPERTIES: Readonly<Record<string, JsonSchema>> = {
  mode: {
    type: 'string',
    enum: [...SCALING_MODES],
    description:
      'Default Active: scales the target. Observe computes and records every decision (status, ' +
      'WouldRescale events) but never patches /scale, and may run beside an HPA or ScaledObject.',
  },
  behavior: {
    type: 'object',
    description:
      'autoscaling/v2 behavior; {} gives the HPA defaults. Absent: the full form acts as an HPA ' +
      'without behavior (300 s downscale window, scale-up capped at max(2 x current, 4)); the ' +
      'original form acts at once.',
    properties: {
      scaleUp: rules('scaleUp', 0, 'Pods 4 and Percent 100 per 15 s'),
      scaleDown: rules('scaleDown', 300, 'Percent 100 per 15 s'),
    },
  },
  fallback: {
    type: 'object',
    description:
      'After more than failureThreshold runs in a row with a failed metric, use replicas.',
    required: ['failureThreshold', 'replicas'],
    properties: {
      failureThreshold: { type: 'integer', format: 'int32', minimum: 0, maximum: 1_000_000 },
      replicas: describeInt32('Replicas while the fallback is engaged.', 0, MAX_REPLICAS),
      behavior: { type: 'string', enum: [...FALLBACK_BEHAVIORS], description: 'Default static.' },
      maxAgeSeconds: describeInt32(
        `lastKnownValue: how old the last good value may be (default ${EXTRA_DEFAULTS.lastKnownMaxAgeSeconds}); then replicas applies.`,
        1,
        EXTRA_LIMITS.maxCooldownSeconds,
      ),
    },
  },
  activationThreshold: {
    type: 'number',
    minimum: 0,
    description: `With minReplicas 0: active iff a metric value is above this (default ${EXTRA_DEFAULTS.activationThreshold}).`,
  },
  cooldownPeriodSeconds: describeInt32(
    `With minReplicas 0: inactive this long after the last active run before scaling to 0 (default ${EXTRA_DEFAULTS.cooldownPeriodSeconds}).`,
    0,
    EXTRA_LIMITS.maxCooldownSeconds,
  ),
  schedules: {
    type: 'array',
    description: 'Windows whose bounds replace the base ones while open (highest min, lowest max).',
    minItems: 1,
    maxItems: EXTRA_LIMITS.maxSchedules,
    items: SCHEDULE,
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': ['name'],
  },
};
