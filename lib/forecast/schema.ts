/** `spec.forecast` in the CRD schema; parseForecastSettings checks the same rules again. */
import type { JsonSchema } from '../spec/schemaTypes.js';

const SECONDS = { type: 'integer', minimum: 0, maximum: 86_400 } as const;

export const FORECAST_SCHEMA: JsonSchema = {
  type: 'object',
  description:
    'Predictive pre-scaling (docs/forecast.md): a forecast of the metrics learnt from their own ' +
    'history. It only ever raises the replicas (desired = max(reactive, forecast)); scale-down ' +
    'stays reactive.',
  properties: {
    mode: {
      type: 'string',
      enum: ['Observe', 'Active'],
      description:
        'Observe (default): status and explain show the forecast; Active: it may raise the replicas.',
    },
    leadSeconds: {
      ...SECONDS,
      description: 'How far ahead to forecast (default: one run period plus podStartupSeconds).',
    },
    podStartupSeconds: {
      ...SECONDS,
      description: 'How long a new pod takes to serve (default 60).',
    },
    maxError: {
      type: 'number',
      minimum: 0,
      exclusiveMinimum: true,
      maximum: 10,
      description:
        'Above this rolling error (Σ|actual − forecast| / Σ actual) the forecast steps aside (default 0.5).',
    },
  },
};
