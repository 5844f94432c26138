/** `status.decisions` in the CRD schema (lib/record/types.ts, field by field). */
import { MAX_DECISION_HISTORY } from '../record/types.js';
import { MAX_METRICS, MAX_REPLICAS } from './rules.js';
import { describeInt32, type JsonSchema } from './schemaTypes.js';

const REPLICAS = (description: string) => describeInt32(description, 0, MAX_REPLICAS);
const NAME: JsonSchema = { type: 'string', maxLength: 63 };

const METRIC: JsonSchema = {
  type: 'object',
  required: ['name'],
  properties: {
    name: NAME,
    value: { type: 'number', description: 'The value read.' },
    error: { type: 'string', maxLength: 64, description: 'The error kind of a failed read.' },
    averageValue: { type: 'number', description: 'Target per replica.' },
    targetValue: { type: 'number', description: 'Target for the whole workload.' },
    proposal: { type: 'integer', format: 'int64', description: "This metric's proposal." },
  },
};

export const DECISIONS_SCHEMA: JsonSchema = {
  type: 'array',
  description: 'The last decisions (setting DECISION_HISTORY), oldest first; added on change only.',
  maxItems: MAX_DECISION_HISTORY,
  'x-kubernetes-list-type': 'atomic',
  items: {
    type: 'object',
    required: ['time', 'from', 'to', 'action', 'reason', 'metrics'],
    properties: {
      time: { type: 'string', format: 'date-time' },
      from: REPLICAS('Replicas before.'),
      to: REPLICAS('Replicas after (or that would be set in Observe mode).'),
      action: { type: 'string', enum: ['scale', 'unchanged', 'held'] },
      observe: { type: 'boolean', description: 'Observe mode: decided, not applied.' },
      reason: { type: 'string', maxLength: 1024 },
      metrics: {
        type: 'array',
        maxItems: MAX_METRICS,
        'x-kubernetes-list-type': 'atomic',
        items: METRIC,
      },
      formula: { ...METRIC, description: 'With spec.formula: its value and proposal.' },
      recommended: {
        type: 'integer',
        format: 'int64',
        description: 'The metrics’ recommendation, before stabilization and rate limits.',
      },
      stabilized: {
        type: 'integer',
        format: 'int64',
        description: 'After stabilization, before rate limits.',
      },
      limitedBy: { type: 'string', maxLength: 64, description: 'The limiting rule.' },
      schedules: {
        type: 'array',
        maxItems: 16,
        'x-kubernetes-list-type': 'atomic',
        items: NAME,
        description: 'Schedule windows in force.',
      },
      forecast: {
        type: 'object',
        description:
          'With spec.forecast, when it was ready: what it asked for and whether it was used.',
        required: ['used'],
        properties: {
          replicas: REPLICAS('The replicas the forecast called for.'),
          model: { type: 'string', maxLength: 64 },
          used: { type: 'boolean', description: 'Active, and it raised the decision.' },
        },
      },
    },
  },
};
