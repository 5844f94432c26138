/**
 * Holt-Winters with double seasonality and the FFT estimator (lib/forecast/holtWinters.ts,
 * spectral.ts, fft.ts): what they forecast on known shapes, that the shared state of a rolling
 * evaluation gives what a fresh forecast gives, and that they only read the past.
 */
import { chooseForDay } from '../../lib/forecast/forecaster.js';
import { DEFAULT_TUNING } from '../../lib/forecast/forecaster.js';
import { transformReal } from '../../lib/forecast/fft.js';
import { HOLT_WINTERS_GRID, holtWintersModel } from '../../lib/forecast/holtWinters.js';
import { rankBins, SPECTRAL_MAX_POINTS, spectralModel } from '../../lib/forecast/spectral.js';
import { dailyDemand } from '../support/forecastSeries.js';

const HOUR = 3600;
const P = HOLT_WINTERS_GRID[1]!;

/** Σ x[j] e^(−2πi·b·j/n), the definition. */
function naiveDft(x: readonly number[]): [number, number][] {
  const n = x.length;
  return x.map((_, b) => {
    let re = 0;
    let im = 0;
    x.forEach((v, j) => {
      re += v * Math.cos((2 * Math.PI * b * j) / n);
      im -= v * Math.sin((2 * Math.PI * b * j) / n);
    });
    return [re, im];
  });
}

describe('fft', () => {
  it.each([
    ['power of two', [1, 2, 3, 4, 0, -1, 5, 2]],
    ['Bluestein, n = 7', [3, 1, 4, 1, 5, 9, 2]],
    ['Bluestein, n = 12', [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6]],
    ['one point', [42]],
  ])('matches the definition: %s', (_name, x) => {
    const { re, im } = transformReal(x);
    naiveDft(x).forEach(([r, i], b) => {
      expect(re[b]).toBeCloseTo(r, 9);
      expect(im[b]).toBeCloseTo(i, 9);
    });
  });

  it('finds the strongest frequencies', () => {
    // 2 cycles of amplitude 5 and 6 cycles of amplitude 1 over 48 points
    const x = Array.from(
      { length: 48 },
      (_, j) =>
        10 + 5 * Math.sin((2 * Math.PI * 2 * j) / 48) + Math.cos((2 * Math.PI * 6 * j) / 48),
    );
    expect(rankBins(transformReal(x)).slice(0, 1)).toEqual([2]);
    expect(rankBins(transformReal(x)).slice(0, 2)).toEqual([2, 6]);
  });
});

describe('Holt-Winters, double seasonal', () => {
  const week = dailyDemand(35, HOUR); // exact daily and weekly shape, no noise

  const daily = Array.from(
    { length: 24 * 10 },
    (_, i) => 40 + 30 * Math.sin((2 * Math.PI * i) / 24),
  );

  it.each([
    ['day+week, on a weekly shape', week, 24 * 7],
    ['day only, on a daily shape', daily, undefined],
  ])('forecasts an exact season exactly: %s', (_name, values, w) => {
    const m = holtWintersModel(24, w, P, 24 * 22);
    const end = values.length - 12; // noon of the last day, 1 and 3 steps ahead
    for (const h of [1, 3]) expect(m.predict(values, end, h)).toBeCloseTo(values[end - 1 + h]!, 6);
  });

  it('tracks a level shift, which a fixed profile misses', () => {
    const shifted = week.map((v, i) => (i >= 24 * 21 ? v + 50 : v));
    const m = holtWintersModel(24, 24 * 7, P, 24 * 22);
    const end = 24 * 23 + 12;
    expect(m.predict(shifted, end, 1) - week[end]!).toBeGreaterThan(40);
  });

  it('needs two seasons in its window, and waits for them', () => {
    const m = holtWintersModel(24, 24 * 7, P, 24 * 22);
    expect(m.predict(week, 24 * 14 - 1, 1)).toBeNaN();
    expect(m.predict(week, 24 * 14, 1)).not.toBeNaN();
  });
});

describe('the FFT estimator', () => {
  const series = dailyDemand(30, HOUR, (i) => ((i * 7919) % 23) - 11);

  it('extrapolates the sinusoids it keeps', () => {
    const x = Array.from({ length: 24 * 10 }, (_, i) => 50 + 30 * Math.sin((2 * Math.PI * i) / 24));
    const m = spectralModel(x, 24 * 8, 24, 7, 4)!;
    expect(m.predict(x, 24 * 9 + 5, 3)).toBeCloseTo(x[24 * 9 + 7]!, 6);
  });

  it('a sliding forecast (from the FFT, then one point a step) equals a fresh one', () => {
    const fitEnd = 24 * 14;
    const rolling = spectralModel(series, fitEnd, 24, 14, 16)!;
    for (let end = fitEnd; end < fitEnd + 30; end++) {
      // a copy of the array: the fresh model fits it from scratch (a DFT at the kept bins)
      const fresh = spectralModel(series, fitEnd, 24, 14, 16)!;
      expect(rolling.predict(series, end, 2)).toBeCloseTo(fresh.predict([...series], end, 2), 6);
    }
  });

  it.each([
    ['more points than the cap', 4097, 1, 10_000],
    ['fewer points before fitEnd than the window', 24, 7, 24 * 6],
  ])('is not built with %s', (_name, dayPoints, days, fitEnd) => {
    const values = new Array<number>(fitEnd).fill(1);
    expect(dayPoints * days > SPECTRAL_MAX_POINTS || fitEnd < dayPoints * days).toBe(true);
    expect(spectralModel(values, fitEnd, dayPoints, days, 4)).toBeUndefined();
  });
});

describe('both, causal', () => {
  const series = dailyDemand(30, HOUR, (i) => ((i * 7919) % 23) - 11);

  it.each([
    ['hw', () => holtWintersModel(24, 24 * 7, P, 24 * 22)],
    ['fft', () => spectralModel(series, 24 * 15, 24, 14, 16)!],
  ])('%s never reads the point it forecasts or anything after it', (_name, make) => {
    const end = 24 * 20 + 7;
    const later = [...series.slice(0, end), ...series.slice(end).map((v) => v + 1000)];
    for (const h of [1, 2, 5])
      expect(make().predict(later, end, h)).toBe(make().predict([...series], end, h));
  });

  it.each([[['hw'] as const], [['fft'] as const]])('%s can win the daily choice', (families) => {
    const values = series.slice(0, 24 * 25);
    const choice = chooseForDay({
      values,
      stepSeconds: HOUR,
      nowSeconds: 24 * 25 * HOUR - HOUR,
      leadSeconds: 2 * HOUR,
      periodSeconds: HOUR,
      maxError: 0.5,
      tuning: { ...DEFAULT_TUNING, families },
    });
    expect(choice !== 'none' && choice?.model.name.startsWith(`${families[0]}(`)).toBe(true);
  });
});
