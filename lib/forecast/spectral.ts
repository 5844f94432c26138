/**
 * The FFT estimator, as Crane's EHPA predicts (gocrane/crane pkg/prediction/dsp): the spectrum
 * of the last n points (whole days), its k strongest frequencies kept, the rest dropped as
 * noise, and the series they make extrapolated: the forecast of `values[end − 1 + h]` is the
 * sum of the kept sinusoids, fitted to `values[end − n .. end − 1]`, at that point.
 * - The frequencies are chosen once, by FFT (O(n log n), n capped at SPECTRAL_MAX_POINTS), from
 *   the n points before `fitEnd`; the model is built then, from that data only.
 * - Each forecast fits the kept frequencies to the n points before it: O(n·k) from scratch,
 *   O(k) a point when the same array's `end` moves forward (a sliding DFT).
 * A gap (NaN) counts as the mean of the points the frequencies were chosen from.
 */
import { transformReal, type Spectrum } from './fft.js';
import type { Model } from './models.js';

export const SPECTRAL_MAX_POINTS = 4096;
/** A sliding DFT is restarted from scratch after this many steps (rounding stays small). */
const MAX_SLIDES = 1024;

interface Fit {
  readonly values: ArrayLike<number>;
  end: number;
  slides: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/** The bins 1..⌊n/2⌋ of a spectrum, strongest first (ties: the lower bin). */
export function rankBins({ re, im }: Spectrum): number[] {
  const half = Math.floor(re.length / 2);
  const power = new Float64Array(half + 1);
  for (let b = 1; b <= half; b++) power[b] = re[b]! ** 2 + im[b]! ** 2;
  const bins = Array.from({ length: half }, (_, i) => i + 1);
  return bins.sort((a, b) => power[b]! - power[a]! || a - b);
}

function meanOf(values: ArrayLike<number>, from: number, to: number): number {
  let sum = 0;
  let count = 0;
  for (let i = from; i < to; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) {
      sum += v;
      count++;
    }
  }
  return count === 0 ? NaN : sum / count;
}

interface Basis {
  readonly n: number;
  readonly fill: number;
  readonly cos: Float64Array;
  readonly sin: Float64Array;
}

/**
 * The estimators with k = each of `ks` frequencies over `days` days of `dayPoints`, chosen
 * from the points before `fitEnd` (one FFT for all); none when there are too few points before
 * `fitEnd`, more than SPECTRAL_MAX_POINTS, or none present.
 */
export function spectralModels(
  values: ArrayLike<number>,
  fitEnd: number,
  dayPoints: number,
  days: number,
  ks: readonly number[],
): Model[] {
  const n = dayPoints * days;
  if (n > SPECTRAL_MAX_POINTS || fitEnd < n || fitEnd > values.length) return [];
  const fill = meanOf(values, fitEnd - n, fitEnd);
  if (Number.isNaN(fill)) return [];
  const window = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const v = values[fitEnd - n + j]!;
    window[j] = Number.isNaN(v) ? fill : v;
  }
  const spectrum = transformReal(window);
  const ranked = rankBins(spectrum);
  const cos = new Float64Array(n);
  const sin = new Float64Array(n);
  for (let m = 0; m < n; m++) {
    cos[m] = Math.cos((2 * Math.PI * m) / n);
    sin[m] = Math.sin((2 * Math.PI * m) / n);
  }
  const basis: Basis = { n, fill, cos, sin };
  return ks.map((k) => {
    const bins = Int32Array.from([0, ...ranked.slice(0, k)]);
    // the fit of the window the spectrum came from, for the first forecasts from fitEnd
    const first: Fit = {
      values,
      end: fitEnd,
      slides: 0,
      re: Float64Array.from(bins, (b) => spectrum.re[b]!),
      im: Float64Array.from(bins, (b) => spectrum.im[b]!),
    };
    return estimator(basis, bins, first, `fft(${days}d, k=${k})`, { days, dayPoints });
  });
}

function estimator(
  { n, fill, cos, sin }: Basis,
  bins: Int32Array,
  first: Fit,
  name: string,
  at: { days: number; dayPoints: number },
): Model {
  const q = bins.length;
  let kept: Fit | undefined = first;
  const valueAt = (vs: ArrayLike<number>, i: number) => {
    const v = vs[i]!;
    return Number.isNaN(v) ? fill : v;
  };
  const fitFresh = (vs: ArrayLike<number>, end: number): Fit => {
    const x = new Float64Array(n);
    for (let j = 0; j < n; j++) x[j] = valueAt(vs, end - n + j);
    const re = new Float64Array(q);
    const im = new Float64Array(q);
    for (let p = 0; p < q; p++) {
      const b = bins[p]!;
      let r = 0;
      let i = 0;
      for (let j = 0, m = 0; j < n; j++) {
        r += x[j]! * cos[m]!;
        i -= x[j]! * sin[m]!;
        m += b;
        if (m >= n) m -= n;
      }
      re[p] = r;
      im[p] = i;
    }
    return { values: vs, end, slides: 0, re, im };
  };
  // X(o + 1) = e^(2πi·b/n) (X(o) − x[o − n] + x[o])
  const slide = (f: Fit): void => {
    const d = valueAt(f.values, f.end) - valueAt(f.values, f.end - n);
    for (let p = 0; p < q; p++) {
      const b = bins[p]!;
      const r = f.re[p]! + d;
      const i = f.im[p]!;
      f.re[p] = r * cos[b]! - i * sin[b]!;
      f.im[p] = r * sin[b]! + i * cos[b]!;
    }
    f.end++;
    f.slides++;
  };
  const fitAt = (vs: ArrayLike<number>, end: number): Fit => {
    const reuse =
      kept?.values === vs && kept.end <= end && kept.slides + (end - kept.end) <= MAX_SLIDES;
    const f = reuse && kept !== undefined ? kept : fitFresh(vs, end);
    while (f.end < end) slide(f);
    kept = f;
    return f;
  };

  return {
    name,
    seasons: at.days,
    period: at.dayPoints,
    predict(vs, end, h) {
      if (end < n) return NaN;
      const f = fitAt(vs, end);
      const j = n - 1 + h;
      let sum = 0;
      for (let p = 0; p < q; p++) {
        const b = bins[p]!;
        const m = (b * j) % n;
        const part = f.re[p]! * cos[m]! - f.im[p]! * sin[m]!;
        sum += b === 0 || 2 * b === n ? part : 2 * part;
      }
      return sum / n;
    },
  };
}

/** One estimator with `k` frequencies (see spectralModels), or undefined. */
export function spectralModel(
  values: ArrayLike<number>,
  fitEnd: number,
  dayPoints: number,
  days: number,
  k: number,
): Model | undefined {
  return spectralModels(values, fitEnd, dayPoints, days, [k])[0];
}
