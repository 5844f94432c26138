/**
 * The forecast step of one resource's decision (lib/forecast/live.ts) with what the run gives
 * it: the history source, its bucket and the model choices kept across runs. A resource
 * without `spec.forecast` passes through untouched.
 */
import { toUnixSeconds } from '../behavior/history.js';
import { forecastLive } from '../forecast/live.js';
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
    source: ctx.history,
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
