/**
 * The candidate models of one day's choice, from the seasons found in the data before the day:
 * per season, naive, mean×k and level×k (lib/forecast/models.ts); with a daily season,
 * Holt-Winters (double seasonal when a weekly season is found too) over a small parameter grid;
 * and the FFT estimator over the last 14 days (7 without a weekly season), its frequencies
 * chosen from the points before the first one the choice evaluates.
 */
import { HOLT_WINTERS_GRID, holtWintersModel } from './holtWinters.js';
import { candidateModels, type Model } from './models.js';
import { DAY_SECONDS, type Season } from './seasonality.js';
import { SPECTRAL_MAX_POINTS, spectralModels } from './spectral.js';

export type ModelFamily = 'naive' | 'mean' | 'level' | 'hw' | 'fft';
export const MODEL_FAMILIES: readonly ModelFamily[] = ['naive', 'mean', 'level', 'hw', 'fft'];
/** The frequencies the FFT estimator keeps. */
export const SPECTRAL_KS: readonly number[] = [16, 64];

export interface CandidateOptions {
  readonly stepSeconds: number;
  readonly maxSeasons: number;
  /** The most history a Holt-Winters forecast reads (points). */
  readonly window: number;
  /** The FFT estimator chooses its frequencies from the points before this one. */
  readonly fitEnd: number;
  readonly families: readonly ModelFamily[];
}

export const familyOf = (model: Model): string => model.name.slice(0, model.name.indexOf('('));

/** Whole days of the FFT window: two weeks, one, or as many days as the cap allows. */
function spectralDays(dayPoints: number, weekly: boolean): number {
  for (const days of weekly ? [14, 7] : [7]) {
    if (days * dayPoints <= SPECTRAL_MAX_POINTS) return days;
  }
  return Math.floor(SPECTRAL_MAX_POINTS / dayPoints);
}

export function candidatesFor(
  values: ArrayLike<number>,
  seasons: readonly Season[],
  o: CandidateOptions,
): Model[] {
  const wanted = new Set<string>(o.families);
  const models = seasons
    .flatMap((s) => candidateModels(s.period, s.label, o.maxSeasons))
    .filter((m) => wanted.has(familyOf(m)));
  const day = seasons.find((s) => s.label === 'day')?.period;
  const week = seasons.find((s) => s.label === 'week')?.period;
  if (day !== undefined && wanted.has('hw')) {
    for (const p of HOLT_WINTERS_GRID) models.push(holtWintersModel(day, week, p, o.window));
  }
  const dayPoints = Math.round(DAY_SECONDS / o.stepSeconds);
  const days = spectralDays(dayPoints, week !== undefined);
  if (seasons.length > 0 && days >= 1 && wanted.has('fft')) {
    models.push(...spectralModels(values, o.fitEnd, dayPoints, days, SPECTRAL_KS));
  }
  return models;
}
