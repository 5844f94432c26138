/** The forecast models (each reads only the data before the point) and season detection. */
import { chooseModel } from '../../lib/forecast/choose.js';
import { HOLT_WINTERS_GRID, holtWintersModel } from '../../lib/forecast/holtWinters.js';
import { levelModel, meanModel, naiveModel } from '../../lib/forecast/models.js';
import { findSeasons } from '../../lib/forecast/seasonality.js';
import { spectralModel } from '../../lib/forecast/spectral.js';
import { dailyDemand } from '../support/forecastSeries.js';

// period 3: seasons [1 2 3] [3 4 5] [5 6 ?]
const V = [1, 2, 3, 3, 4, 5, 5, 6, 7];

describe('forecast models', () => {
  it.each([
    // name, model, end, h, expected
    ['naive: one season back', naiveModel(3, 's'), 8, 1, 5], // V[8 − 3]
    ['mean×2: the last two seasons', meanModel(3, 2, 's'), 8, 1, 4], // (V[5] + V[2]) / 2
    ['mean×2, two steps ahead', meanModel(3, 2, 's'), 7, 2, 4], // same point, less data
    ['a gap is skipped', meanModel(3, 2, 's'), 8, 1, 3, [1, 2, 3, 3, 4, NaN, 5, 6, 7]],
    // level: V[7..3] stand 3, 3, 2, 2, 2 above their own seasonal means; weights .5, .25, …
    // → 2.6875 / 0.96875 = 2.77 over the base 4
    ['level×2 adds the smoothed gap', levelModel(3, 2, 0.5, 's'), 8, 1, 6.77],
  ])('%s', (_name, model, end, h, expected, values = V) => {
    expect(model.predict(values, end, h)).toBeCloseTo(expected, 1);
  });

  it('never reads the point it forecasts or anything after it', () => {
    const later = [...V.slice(0, 8), 1000];
    const models = [
      naiveModel(3, 's'),
      meanModel(3, 2, 's'),
      levelModel(3, 2, 0.2, 's'),
      holtWintersModel(2, undefined, HOLT_WINTERS_GRID[0]!, 8),
      spectralModel(V, 6, 3, 2, 1)!,
    ];
    for (const m of models) {
      expect(m.predict(later, 8, 1)).toBe(m.predict(V, 8, 1));
    }
  });

  it('finds a daily and a weekly season, and none in noise', () => {
    const labels = findSeasons(dailyDemand(21, 3600), 3600).map((s) => s.label);
    expect(labels).toEqual(['day', 'week']);
    const noise = Array.from({ length: 24 * 21 }, (_, i) => (i * 7919) % 101);
    expect(findSeasons(noise, 3600)).toEqual([]);
  });

  it('chooses the model whose misses cost least, with its margin', () => {
    const values = dailyDemand(10, 3600);
    const models = [naiveModel(24, 'day'), meanModel(24 * 7, 2, 'week')];
    const choice = chooseModel(values, values.length, models, {
      from: 1,
      horizon: 1,
      evalPoints: 24,
      underWeight: 4,
      marginQuantile: 0.75,
    });
    // the weekly mean needs 2 weeks + a day of history: only the daily naive can be tested
    expect(choice?.model.name).toBe('naive(day)');
    expect(choice?.error).toBe(0); // a weekday after a weekday repeats exactly
  });
});
