/**
 * The forecast of one metric: from its history (one value a step, the newest read now) to the
 * largest value it expects over the lead, plus the chosen model's margin. The model is chosen
 * once a day from the data before that day's first point (lib/forecast/choose.ts), so the
 * choice and every forecast depend only on the past, and a run that recomputes them from
 * the stored history gets the same answer as one that kept them.
 */
import { candidatesFor, MODEL_FAMILIES, type ModelFamily } from './candidates.js';
import { chooseModel, type Choice } from './choose.js';
import { DAY_SECONDS, findSeasons } from './seasonality.js';

export interface ForecastTuning {
  readonly underWeight: number;
  readonly marginQuantile: number;
  /** Days of history evaluated to choose a model. */
  readonly evalDays: number;
  /** Seasons the mean and level models average at most. */
  readonly maxSeasons: number;
  /** Days of history a model is chosen from (the store keeps as much). */
  readonly historyDays: number;
  /** The model families that compete (default: all). */
  readonly families?: readonly ModelFamily[];
}

export const DEFAULT_TUNING: ForecastTuning = Object.freeze({
  underWeight: 4,
  marginQuantile: 0.75,
  evalDays: 1,
  maxSeasons: 3,
  historyDays: 22,
});

export type Forecast =
  | { readonly status: 'waiting'; readonly reason: string }
  | { readonly status: 'aside'; readonly reason: string; readonly model?: string }
  | {
      readonly status: 'ready';
      readonly value: number;
      readonly model: string;
      readonly error: number;
      readonly reason: string;
    };

export interface ForecastInput {
  /** The history, oldest first, newest = the value read now; NaN = no reading. */
  readonly values: ArrayLike<number>;
  readonly stepSeconds: number;
  /** Unix seconds of the newest value. */
  readonly nowSeconds: number;
  readonly leadSeconds: number;
  /** The time between runs: the forecast covers (now + lead − period, now + lead]. */
  readonly periodSeconds: number;
  /** Above this error the forecast steps aside. */
  readonly maxError: number;
  readonly tuning?: ForecastTuning;
}

/** The steps ahead the forecast covers: the period that ends at now + lead. */
export function stepsOf(input: ForecastInput): { from: number; horizon: number } {
  const horizon = Math.max(1, Math.ceil(input.leadSeconds / input.stepSeconds));
  const period = Math.max(1, Math.round(input.periodSeconds / input.stepSeconds));
  return { from: Math.max(1, horizon - period + 1), horizon };
}

const hours = (points: number, step: number) => Math.floor((points * step) / 3600);

/** Chooses from the data before the first point of the current day (UTC). */
export function chooseForDay(input: ForecastInput): Choice | undefined | 'none' {
  const { values, stepSeconds } = input;
  const tuning = input.tuning ?? DEFAULT_TUNING;
  const sinceMidnight = Math.floor((input.nowSeconds % DAY_SECONDS) / stepSeconds);
  const end = Math.max(0, values.length - 1 - sinceMidnight);
  const window = Math.round((tuning.historyDays * DAY_SECONDS) / stepSeconds);
  const before = Array.prototype.slice.call(values, Math.max(0, end - window), end) as number[];
  const seasons = findSeasons(before, stepSeconds);
  if (seasons.length === 0) return 'none';
  const steps = stepsOf(input);
  const evalPoints = Math.round((tuning.evalDays * DAY_SECONDS) / stepSeconds);
  const models = candidatesFor(before, seasons, {
    stepSeconds,
    maxSeasons: tuning.maxSeasons,
    window,
    fitEnd: before.length - evalPoints - steps.horizon + 1,
    families: tuning.families ?? MODEL_FAMILIES,
  });
  return chooseModel(before, before.length, models, {
    ...steps,
    evalPoints,
    underWeight: tuning.underWeight,
    marginQuantile: tuning.marginQuantile,
  });
}

export function forecastWith(input: ForecastInput, choice: Choice | undefined | 'none'): Forecast {
  const { values, stepSeconds } = input;
  const need = Math.ceil((2 * DAY_SECONDS) / stepSeconds);
  if (values.length < need) {
    const has = hours(values.length, stepSeconds);
    return { status: 'waiting', reason: `has ${has} h of history, needs 48 h (two days)` };
  }
  if (choice === 'none') return { status: 'aside', reason: 'no daily or weekly season found' };
  if (choice === undefined) {
    const has = hours(values.length, stepSeconds);
    return { status: 'waiting', reason: `has ${has} h of history, not enough to test a model` };
  }
  const model = choice.model.name;
  if (choice.error > input.maxError) {
    const reason = `error ${choice.error.toFixed(2)} above maxError ${input.maxError}`;
    return { status: 'aside', reason, model };
  }
  const { from, horizon } = stepsOf(input);
  let peak = NaN;
  for (let h = from; h <= horizon; h++) {
    const p = choice.model.predict(values, values.length, h);
    if (!Number.isNaN(p)) peak = Number.isNaN(peak) ? p : Math.max(peak, p);
  }
  if (Number.isNaN(peak))
    return { status: 'aside', reason: 'no history at the forecast time', model };
  const value = Math.max(0, peak + choice.margin);
  return {
    status: 'ready',
    value,
    model,
    error: choice.error,
    reason: `${model} +${choice.margin.toFixed(1)}`,
  };
}

export function forecastMetric(input: ForecastInput): Forecast {
  return forecastWith(input, chooseForDay(input));
}
