/**
 * The daily model choice of each live forecast, kept in memory across runs: the choice depends
 * only on the data before the day's first bucket (lib/forecast/forecaster.ts), so it is made
 * once a day per resource and metric, as a backtest makes it. Bounded: at most `max` entries,
 * the oldest dropped first. A history that got shorter (started afresh) chooses again.
 */
import type { Choice } from './choose.js';
import { chooseForDay, type ForecastInput } from './forecaster.js';
import { DAY_SECONDS } from './seasonality.js';

export type DayChoice = Choice | undefined | 'none';

export interface ChoiceCache {
  /** The day's choice for `key` (`namespace/name/metric`), made now if not made today. */
  choose(key: string, input: ForecastInput): DayChoice;
  readonly size: () => number;
}

export const MAX_CACHED_CHOICES = 10_000;

export function createChoiceCache(max = MAX_CACHED_CHOICES): ChoiceCache {
  const entries = new Map<string, { day: number; points: number; choice: DayChoice }>();
  return {
    choose(key, input) {
      const day = Math.floor(input.nowSeconds / DAY_SECONDS);
      const id = `${key}|${input.stepSeconds}|${input.leadSeconds}|${input.periodSeconds}`;
      const kept = entries.get(id);
      if (kept?.day === day && input.values.length >= kept.points) return kept.choice;
      const choice = chooseForDay(input);
      entries.delete(id);
      if (entries.size >= max) entries.delete(entries.keys().next().value!);
      entries.set(id, { day, points: input.values.length, choice });
      return choice;
    },
    size: () => entries.size,
  };
}
