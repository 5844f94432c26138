/**
 * The forecast step of one resource's decision (lib/forecast/live.ts) with what the run gives
 * it: the history source, its bucket and the model choices kept across runs. A resource
 * without `spec.forecast` passes through untouched.
 */
import { toUnixSeconds } from '../behavior/history.js';
import { forecastLive } from '../forecast/live.js';
import type { HistorySource } from '../history/source.js';
import { isPrometheusSource, sourceOf, type ScalingSpec } from '../spec/types.js';
import type { RunContext } from './context.js';
import type { Outcome } from './outcome.js';

type DecidedOutcome = Extract<Outcome, { kind: 'decided' }>;

/** The history's bucket without `HISTORY_STEP_SECONDS`: 5 minutes (22 days fit MAX_POINTS). */
export const DEFAULT_HISTORY_STEP_SECONDS = 300;

export async function withForecast(
  ctx: RunContext,
  name: string,
  at: Date,
  outcome: DecidedOutcome,
): Promise<DecidedOutcome> {
  const { spec } = outcome;
  if (spec.forecast === undefined) return outcome;
  const { decision, forecast } = await forecastLive({
    source: routeHistory(ctx, spec),
    stepSeconds: ctx.historyStepSeconds ?? DEFAULT_HISTORY_STEP_SECONDS,
    ...(ctx.forecastChoices !== undefined && { choices: ctx.forecastChoices }),
    // BusinessScalings are cluster-scoped: the target's namespace groups the keys.
    namespace: spec.target.namespace,
    name,
    spec,
    metrics: outcome.metrics,
    decision: outcome.decision,
    currentReplicas: outcome.scale.specReplicas,
    nowSeconds: toUnixSeconds(at),
  });
  return { ...outcome, decision, ...(forecast !== undefined && { forecast }) };
}

/**
 * Each metric's history: a Prometheus metric's own range query (nothing stored), any other
 * metric's stored history; undefined when neither exists.
 */
export function routeHistory(ctx: RunContext, spec: ScalingSpec): HistorySource | undefined {
  const prom = new Map<string, HistorySource>();
  for (const m of spec.metrics) {
    const source = sourceOf(m);
    if (isPrometheusSource(source) && ctx.promHistory) prom.set(m.name, ctx.promHistory(source));
  }
  if (prom.size === 0) return ctx.history;
  const stored = ctx.history;
  return {
    observe: (key, now, reading, step) => {
      const source = prom.get(key.metric) ?? stored;
      return source === undefined
        ? Promise.resolve(undefined)
        : source.observe(key, now, reading, step);
    },
  };
}
