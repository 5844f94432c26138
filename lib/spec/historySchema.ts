/** `status.history` and `status.intent` of the CRD schema (lib/spec/statusSchema.ts). */
import { MAX_SCALE_EVENTS } from '../behavior/events.js';
import { MAX_HISTORY_ITEMS } from '../behavior/history.js';
import { MAX_REPLICAS } from './rules.js';
import { describeInt32, type JsonSchema } from './schemaTypes.js';

const UNIX_SECONDS: JsonSchema = { type: 'integer', format: 'int64', description: 'Unix seconds.' };

function scaleEventList(description: string): JsonSchema {
  return {
    type: 'array',
    description,
    maxItems: MAX_SCALE_EVENTS,
    'x-kubernetes-list-type': 'atomic',
    items: {
      type: 'object',
      required: ['time', 'change'],
      properties: {
        time: UNIX_SECONDS,
        change: describeInt32('Replicas added or removed (absolute).', 1, MAX_REPLICAS),
        outdated: { type: 'boolean', description: 'Older than the longest period: slot reusable.' },
        pending: {
          type: 'boolean',
          description:
            'Recorded before /scale was patched and not yet confirmed: counts as taken until ' +
            'its write can no longer land, and never gives room to the other direction.',
        },
      },
    },
  };
}

/** With behavior: the HPA's in-memory history, persisted (bounded, pruned to the windows). */
export const HISTORY: JsonSchema = {
  type: 'object',
  description: 'Recommendations and own scale events still inside a window or period.',
  properties: {
    recommendations: {
      type: 'array',
      maxItems: MAX_HISTORY_ITEMS,
      'x-kubernetes-list-type': 'atomic',
      items: {
        type: 'object',
        required: ['time', 'replicas'],
        properties: {
          time: UNIX_SECONDS,
          replicas: describeInt32('Raw recommendation of that run.', 0, MAX_REPLICAS),
        },
      },
    },
    scaleUpEvents: scaleEventList('Our own scale-ups, in slot order (a reused slot stays).'),
    scaleDownEvents: scaleEventList('Our own scale-downs, in slot order (a reused slot stays).'),
    scaleEvents: {
      type: 'array',
      description: 'Earlier versions: one signed list. Read once into the two lists above.',
      maxItems: MAX_HISTORY_ITEMS,
      'x-kubernetes-list-type': 'atomic',
      items: {
        type: 'object',
        required: ['time', 'change'],
        properties: {
          time: UNIX_SECONDS,
          change: describeInt32('Replicas added (+) or removed (-).', -MAX_REPLICAS, MAX_REPLICAS),
        },
      },
    },
  },
};

/** Record before acting: the rescale a run recorded before it patched /scale. */
export const INTENT: JsonSchema = {
  type: 'object',
  description:
    'A rescale recorded before /scale was patched, removed once the patch is confirmed. Its ' +
    'scale event stays pending (counted as taken) until confirmed; it is never removed.',
  required: ['replicas', 'from', 'time', 'change'],
  properties: {
    replicas: describeInt32('Replicas the run set out to patch.', 0, MAX_REPLICAS),
    from: describeInt32('spec.replicas of the target when read.', 0, MAX_REPLICAS),
    time: UNIX_SECONDS,
    change: describeInt32('The scale event it recorded (0: none).', -MAX_REPLICAS, MAX_REPLICAS),
  },
};

/** With spec.forecast: what the forecast did in the last run (lib/forecast/status.ts). */
export const FORECAST_STATUS: JsonSchema = {
  type: 'object',
  description: 'What the forecast did in the last run (docs/forecast.md).',
  required: ['mode', 'state', 'reason', 'leadSeconds'],
  properties: {
    mode: { type: 'string', enum: ['Observe', 'Active'] },
    state: {
      type: 'string',
      enum: ['Ready', 'Waiting', 'SteppedAside', 'Failed'],
      description: 'Ready: forecasting; otherwise why not (the reactive decision stands).',
    },
    reason: { type: 'string', maxLength: 512, description: 'The model and margin, or why not.' },
    leadSeconds: describeInt32('How far ahead it forecasts.', 0, 2 * 86_400),
    replicas: describeInt32('The replicas the forecast calls for.', 0, MAX_REPLICAS),
    metric: { type: 'string', maxLength: 63, description: 'The metric that calls for them.' },
    value: { type: 'number', description: 'Its forecast value, with the model’s margin.' },
    model: { type: 'string', maxLength: 64, description: 'The model chosen for the day.' },
    error: { type: 'number', description: 'The model’s error over the last day.' },
  },
};
