/**
 * The forecast in a live run, after the reactive decision: each metric's reading goes into its
 * history (a HistorySource), each metric is forecast (the day's model choice kept in a
 * ChoiceCache), the forecast replicas come from the same target arithmetic, and in `Active`
 * mode `raiseByForecast` may raise the decision; `Observe` only reports what it would do. It
 * never lowers the reactive answer. A history failure never fails the resource: the forecast
 * says why and the reactive decision stands. Bounded: at most MAX_POINTS values a metric.
 */
import type { Decision } from '../decide/types.js';
import { HistoryError, MAX_POINTS } from '../history/codec.js';
import type { HistorySource } from '../history/source.js';
import { toStoreKey } from '../history/source.js';
import type { MetricResult } from '../metrics/types.js';
import type { ScalingSpec } from '../spec/types.js';
import { raiseByForecast, toForecastReplicas } from './apply.js';
import type { ChoiceCache } from './choiceCache.js';
import { chooseForDay, forecastWith, type Forecast, type ForecastInput } from './forecaster.js';
import { leadOf, type ForecastSettings } from './settings.js';
import type { ForecastState, ForecastStatus } from './statusTypes.js';

export type { ForecastState };

/**
 * What the forecast did for one resource this run (status, events, explain, telemetry): what
 * status shows, plus this run's reading and whether it raised the decision.
 */
export interface LiveForecast extends ForecastStatus {
  /** This run's reading of the metric that calls for the replicas. */
  readonly actual?: number;
  /** Active, and the forecast raised the decision. */
  readonly used: boolean;
}

export interface LiveInput {
  readonly source: HistorySource | undefined;
  /** The history's bucket, and the period the forecast covers. */
  readonly stepSeconds: number;
  readonly choices?: ChoiceCache;
  readonly namespace: string;
  readonly name: string;
  readonly spec: ScalingSpec;
  readonly metrics: readonly MetricResult[];
  readonly decision: Decision;
  readonly currentReplicas: number;
  readonly nowSeconds: number;
}

type MetricForecast = { name: string; actual?: number } & (
  { failed: string } | { forecast: Forecast }
);

async function forecastOneMetric(
  input: LiveInput,
  settings: ForecastSettings,
  index: number,
): Promise<MetricForecast> {
  const name = input.spec.metrics[index]!.name;
  const r = input.metrics[index];
  const actual = r?.ok === true && Number.isFinite(r.value) ? r.value : undefined;
  const key = { namespace: input.namespace, name: input.name, metric: name };
  let history;
  try {
    history = await input.source!.observe(key, input.nowSeconds, actual, input.stepSeconds);
  } catch (err) {
    const why = err instanceof HistoryError ? err.message : 'unexpected error from the store';
    return { name, actual, failed: `history of ${name}: ${why}` };
  }
  if (history === undefined) {
    return { name, actual, forecast: { status: 'waiting', reason: 'has no history yet' } };
  }
  const step = history.stepSeconds;
  const f: ForecastInput = {
    values: history.values.slice(-MAX_POINTS),
    stepSeconds: step,
    nowSeconds: history.endSeconds,
    leadSeconds: leadOf(settings, step),
    periodSeconds: step,
    maxError: settings.maxError,
  };
  const choice = input.choices?.choose(toStoreKey(key), f) ?? chooseForDay(f);
  return { name, actual, forecast: forecastWith(f, choice) };
}

const STATE_OF = { waiting: 'Waiting', aside: 'SteppedAside', ready: 'Ready' } as const;
const RANK: Record<ForecastState, number> = { Failed: 3, Ready: 2, SteppedAside: 1, Waiting: 0 };

export async function forecastLive(
  input: LiveInput,
): Promise<{ decision: Decision; forecast?: LiveForecast }> {
  const settings = input.spec.forecast;
  const { decision } = input;
  if (settings === undefined) return { decision };
  const base = { mode: settings.mode, leadSeconds: leadOf(settings, input.stepSeconds) };
  if (input.source === undefined) {
    const reason = 'no history store configured (HISTORY_DIR or HistoryStore__blobServiceUri)';
    return { decision, forecast: { ...base, state: 'Failed', reason, used: false } };
  }
  const each = await Promise.all(
    input.spec.metrics.map((_, i) => forecastOneMetric(input, settings, i)),
  );
  // The state of the resource: a failed history first, then a ready forecast, then the rest.
  let worst: { state: ForecastState; reason: string; model?: string } | undefined;
  let best: (MetricForecast & { replicas: number; value: number }) | undefined;
  for (const m of each) {
    const state = 'failed' in m ? 'Failed' : STATE_OF[m.forecast.status];
    const reason = 'failed' in m ? m.failed : `${m.name}: ${m.forecast.reason}`;
    const model = 'forecast' in m && 'model' in m.forecast ? m.forecast.model : undefined;
    if (worst === undefined || RANK[state] > RANK[worst.state]) worst = { state, reason, model };
    if (!('forecast' in m) || m.forecast.status !== 'ready') continue;
    const value = m.forecast.value;
    const replicas = toForecastReplicas(input.spec, { [m.name]: value }, input.currentReplicas);
    if (replicas !== undefined && (best === undefined || replicas > best.replicas)) {
      best = { ...m, replicas, value };
    }
  }
  const first = worst ?? { state: 'Waiting' as const, reason: 'no metric to forecast' };
  if (first.state !== 'Ready' || best === undefined || !('forecast' in best)) {
    const { state, reason, model } = first;
    const out = { ...base, state, reason, ...(model !== undefined && { model }), used: false };
    return { decision, forecast: out };
  }
  const f = best.forecast as Extract<Forecast, { status: 'ready' }>;
  const raised = raiseByForecast(decision, best.replicas, input.currentReplicas);
  const active = settings.mode === 'Active';
  const forecast: LiveForecast = {
    ...base,
    state: 'Ready',
    reason: `${best.name}: ${f.reason}`,
    replicas: best.replicas,
    metric: best.name,
    value: best.value,
    ...(best.actual !== undefined && { actual: best.actual }),
    model: f.model,
    error: f.error,
    used: active && raised !== decision,
  };
  return { decision: active ? raised : decision, forecast };
}
