/**
 * The forecast models. Each predicts `values[end - 1 + h]` from `values[0 .. end - 1]` only
 * (the data before the point), so a forecast can never see what it forecasts. NaN is a gap.
 *   naive      the value one season before
 *   mean       the mean of the same point in the last k seasons
 *   level      that mean, corrected by the smoothed gap between recent values and their own
 *              seasonal means (an additive level, as Holt-Winters keeps, on a fixed profile)
 */

export interface Model {
  readonly name: string;
  /** Seasons of history the model reads behind a point. */
  readonly seasons: number;
  readonly period: number;
  predict(values: ArrayLike<number>, end: number, h: number): number;
}

/** The mean of `values[at − j·period]` for j = 1..k that exist (NaN when none). */
function seasonalMean(values: ArrayLike<number>, at: number, period: number, k: number): number {
  let sum = 0;
  let n = 0;
  for (let j = 1; j <= k; j++) {
    const v = values[at - j * period];
    if (v !== undefined && !Number.isNaN(v)) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? NaN : sum / n;
}

export function naiveModel(period: number, label: string): Model {
  return {
    name: `naive(${label})`,
    seasons: 1,
    period,
    predict: (values, end, h) => seasonalMean(values, end - 1 + h, period, 1),
  };
}

export function meanModel(period: number, k: number, label: string): Model {
  return {
    name: `mean(${label}×${k})`,
    seasons: k,
    period,
    predict: (values, end, h) => seasonalMean(values, end - 1 + h, period, k),
  };
}

/** Recent gaps weigh alpha, (1 − alpha)·alpha, … over the last `span` points. */
const LEVEL_SPAN = 12;

export function levelModel(period: number, k: number, alpha: number, label: string): Model {
  return {
    name: `level(${label}×${k}, α=${alpha})`,
    seasons: k,
    period,
    predict(values, end, h) {
      const base = seasonalMean(values, end - 1 + h, period, k);
      let level = 0;
      let weight = 0;
      let w = alpha;
      for (let j = end - 1; j >= Math.max(0, end - LEVEL_SPAN); j--) {
        const v = values[j];
        const m = seasonalMean(values, j, period, k);
        if (v !== undefined && !Number.isNaN(v) && !Number.isNaN(m)) {
          level += w * (v - m);
          weight += w;
        }
        w *= 1 - alpha;
      }
      return weight === 0 ? base : base + level / weight;
    },
  };
}

/** The candidates for one season length (in points), labelled e.g. "week". */
export function candidateModels(period: number, label: string, maxSeasons: number): Model[] {
  const models: Model[] = [naiveModel(period, label)];
  for (let k = 2; k <= maxSeasons; k++) models.push(meanModel(period, k, label));
  for (let k = 1; k <= maxSeasons; k++) {
    models.push(levelModel(period, k, 0.5, label), levelModel(period, k, 0.2, label));
  }
  return models;
}
