/**
 * Picks a model by rolling backtest on the series' own history: every candidate forecasts each
 * of the last `evalPoints` points from the data before it, at every step of the lead, and the
 * loss weighs an under-forecast `underWeight` times an over-forecast. The winner brings its
 * margin (a quantile of its own under-forecasts, so pods cover what it tends to miss) and its
 * error (Σ|actual − forecast| / Σ actual over the same points).
 */
import type { Model } from './models.js';

export interface ChooseOptions {
  /** Steps of lead each point is forecast at (from..horizon). */
  readonly from: number;
  readonly horizon: number;
  readonly evalPoints: number;
  readonly underWeight: number;
  /** Quantile of (actual − forecast) added as a margin, 0..1. */
  readonly marginQuantile: number;
}

export interface Choice {
  readonly model: Model;
  readonly margin: number;
  /** Weighted absolute percentage error of the model over the evaluated points. */
  readonly error: number;
  readonly loss: number;
}

interface Trial {
  readonly loss: number;
  readonly error: number;
  readonly residuals: number[];
}

function evaluate(values: ArrayLike<number>, end: number, model: Model, o: ChooseOptions): Trial {
  let loss = 0;
  let abs = 0;
  let total = 0;
  const residuals: number[] = [];
  const first = end - o.evalPoints;
  // Origin by origin, forward: a model that keeps state (Holt-Winters, the sliding DFT) moves
  // it one point at a time. Each point i is forecast from every origin i − h + 1.
  for (let origin = first - o.horizon + 1; origin <= end - o.from; origin++) {
    for (let h = o.from; h <= o.horizon; h++) {
      const i = origin - 1 + h;
      if (i < first || i >= end) continue;
      const actual = values[i]!;
      if (Number.isNaN(actual)) continue;
      const p = model.predict(values, origin, h);
      if (Number.isNaN(p)) continue;
      const r = actual - p;
      loss += r > 0 ? o.underWeight * r : -r;
      abs += Math.abs(r);
      total += actual;
      residuals.push(r);
    }
  }
  return { loss, error: total === 0 ? (abs === 0 ? 0 : Infinity) : abs / total, residuals };
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** The best model whose history reaches back far enough, or undefined when none does. */
export function chooseModel(
  values: ArrayLike<number>,
  end: number,
  models: readonly Model[],
  o: ChooseOptions,
): Choice | undefined {
  let best: Choice | undefined;
  let bestResiduals: number[] = [];
  for (const model of models) {
    const needs = model.seasons * model.period + o.evalPoints + o.horizon;
    if (end < needs) continue;
    const t = evaluate(values, end, model, o);
    if (t.residuals.length === 0) continue;
    if (best === undefined || t.loss < best.loss) {
      best = { model, margin: 0, error: t.error, loss: t.loss };
      bestResiduals = t.residuals;
    }
  }
  if (best === undefined) return undefined;
  const sorted = bestResiduals.sort((a, b) => a - b);
  return { ...best, margin: Math.max(0, quantile(sorted, o.marginQuantile)) };
}
