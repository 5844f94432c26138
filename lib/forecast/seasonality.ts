/**
 * Which seasons a series has: the autocorrelation at one day and one week (in points). A season
 * counts when the series holds two of it and its autocorrelation reaches MIN_ACF.
 */

export const DAY_SECONDS = 86_400;
export const WEEK_SECONDS = 7 * DAY_SECONDS;
export const MIN_ACF = 0.3;

export interface Season {
  readonly label: 'day' | 'week';
  /** Points per season. */
  readonly period: number;
  readonly acf: number;
}

/** Autocorrelation at `lag` over the points both ends of which are present. */
export function autocorrelation(values: ArrayLike<number>, lag: number): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) {
      sum += v;
      n++;
    }
  }
  if (n === 0 || lag >= values.length) return 0;
  const mean = sum / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    den += (v - mean) ** 2;
    const w = i >= lag ? values[i - lag]! : NaN;
    if (!Number.isNaN(w)) num += (v - mean) * (w - mean);
  }
  return den === 0 ? 0 : num / den;
}

export function findSeasons(values: ArrayLike<number>, stepSeconds: number): Season[] {
  const seasons: Season[] = [];
  for (const [label, seconds] of [
    ['day', DAY_SECONDS],
    ['week', WEEK_SECONDS],
  ] as const) {
    const period = Math.round(seconds / stepSeconds);
    if (period < 2 || values.length < 2 * period) continue;
    const acf = autocorrelation(values, period);
    if (acf >= MIN_ACF) seasons.push({ label, period, acf });
  }
  return seasons;
}
