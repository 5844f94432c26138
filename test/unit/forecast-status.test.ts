/** What the live forecast shows: status.forecast, the Forecast condition, the step-aside event. */
import type { LiveForecast } from '../../lib/forecast/live.js';
import { explainDecision } from '../../lib/record/explain.js';
import { summarize, type ResourceReport } from '../../lib/reconcile/report.js';
import { FORECAST_PREFIX, formatTelemetry } from '../../lib/telemetry/telemetry.js';
import {
  toForecastCondition,
  toForecastRecord,
  toForecastEvent,
  toForecastStatus,
} from '../../lib/forecast/status.js';
import { recordRun } from '../../lib/state/render.js';
import { readState } from '../../lib/state/read.js';

const base = { mode: 'Active' as const, leadSeconds: 360, used: false };
const ready: LiveForecast = {
  ...base,
  state: 'Ready',
  reason: 'demand: mean(day×2) +1.5',
  replicas: 9,
  metric: 'demand',
  value: 88.123456,
  actual: 20,
  model: 'mean(day×2)',
  error: 0.123456,
};
const of = (state: LiveForecast['state'], reason: string): LiveForecast => ({
  ...base,
  state,
  reason,
});

describe('forecast status', () => {
  it('is small and rounded (the same within a bucket)', () => {
    expect(toForecastStatus(ready)).toEqual({
      mode: 'Active',
      state: 'Ready',
      reason: 'demand: mean(day×2) +1.5',
      leadSeconds: 360,
      replicas: 9,
      metric: 'demand',
      value: 88.12,
      model: 'mean(day×2)',
      error: 0.123,
    });
    expect(toForecastStatus(of('Failed', 'x'.repeat(2000))).reason).toHaveLength(512);
  });

  it.each([
    [ready, 'True', 'ForecastActive', /asks for 9 replicas 360 s ahead/],
    [{ ...ready, mode: 'Observe' as const }, 'True', 'ForecastObserved', /would ask for 9/],
    [of('Waiting', 'demand: has 5 h'), 'False', 'ForecastWaiting', /has 5 h; the reactive/],
    [of('SteppedAside', 'error 0.7'), 'False', 'ForecastSteppedAside', /error 0.7/],
    [of('Failed', 'history of demand: x'), 'False', 'ForecastFailed', /history of demand/],
  ])('condition of %#', (f, status, reason, message) => {
    const c = toForecastCondition(f, 3);
    expect(c).toMatchObject({ type: 'Forecast', status, reason, observedGeneration: 3 });
    expect(c.message).toMatch(message);
  });

  it.each([
    ['into SteppedAside', of('SteppedAside', 'error 0.7'), 'Ready', true],
    ['first run aside', of('SteppedAside', 'error 0.7'), undefined, true],
    ['still aside', of('SteppedAside', 'error 0.8'), 'SteppedAside', false],
    ['ready again', ready, 'SteppedAside', false],
    ['failed', of('Failed', 'x'), 'Ready', false],
  ] as const)('event: %s', (_n, f, prev, expected) => {
    const previous = prev && { ...toForecastStatus(ready), state: prev };
    const e = toForecastEvent(f, previous);
    expect(e !== undefined).toBe(expected);
    if (e) expect(e).toMatchObject({ type: 'Warning', reason: 'ForecastSteppedAside' });
  });

  it('removes the condition when spec.forecast is gone', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const empty = readState(undefined).state;
    const set = recordRun(empty, { conditions: [toForecastCondition(ready)] }, now);
    expect(set.conditions.map((c) => c.type)).toEqual(['Forecast']);
    const gone = recordRun(set, { conditions: [], dropConditions: ['Forecast'] }, now);
    expect(gone.conditions).toEqual([]);
  });
});

describe('forecast in the decision record', () => {
  const record = {
    time: '2026-01-08T10:00:00Z',
    from: 2,
    action: 'scale' as const,
    reason: 'Forecast',
    metrics: [{ name: 'demand', value: 20, averageValue: 10, proposal: 2 }],
  };
  it.each([
    [ready, 'Active', 20, '; forecast (mean(day×2)) asked for 9: not above the metrics'],
    [
      { ...ready, used: true },
      'Active',
      9,
      '; forecast (mean(day×2)) asked for 9: raised the answer',
    ],
    [ready, 'Observe', 2, '; forecast (mean(day×2)) asked for 9: not used'],
    [of('Waiting', 'has 5 h'), 'Active', 2, ''],
  ])('explain shows the forecast line %#', (f, _mode, to, line) => {
    const forecast = toForecastRecord(f);
    const text = explainDecision({ ...record, to, ...(forecast && { forecast }) });
    expect(text.endsWith(`= 2${line}`)).toBe(true);
  });
});

describe('forecast telemetry', () => {
  const fetches = { count: 0, p50Ms: 0, p95Ms: 0, maxMs: 0 };
  const resource = (name: string, forecast?: ResourceReport['forecast']) => ({
    name,
    metrics: {},
    action: 'unchanged' as const,
    reason: 'x',
    message: 'x',
    desiredReplicas: 9,
    ...(forecast && { forecast }),
  });
  it('one line per forecasting resource: forecast, actual and replicas', () => {
    const report = {
      startedAt: '2026-01-08T10:00:00.000Z',
      durationMs: 1,
      dryRun: false,
      summary: summarize([]),
      resources: [
        resource('plain'),
        resource('web', {
          mode: 'Active',
          state: 'Ready',
          value: 88.1,
          replicas: 9,
          actual: 20,
          used: true,
        }),
      ],
    };
    const lines = formatTelemetry(report, fetches).filter((l) => l.startsWith(FORECAST_PREFIX));
    expect(lines.map((l) => JSON.parse(l.slice(FORECAST_PREFIX.length)) as unknown)).toEqual([
      {
        resource: 'web',
        mode: 'Active',
        state: 'Ready',
        actual: 20,
        forecast: 88.1,
        forecastReplicas: 9,
        replicas: 9,
        used: true,
      },
    ]);
  });
});
