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
import { transformReal } from './fft.js';
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

/** The k bins of 1..⌊n/2⌋ with the largest amplitude (ties: the lower bin). */
export function strongestBins(x: ArrayLike<number>, k: number): number[] {
  const { re, im } = transformReal(x);
  const half = Math.floor(x.length / 2);
  const bins = Array.from({ length: half }, (_, i) => i + 1);
  const power = (b: number) => re[b]! ** 2 + im[b]! ** 2;
  bins.sort((a, b) => power(b) - power(a) || a - b);
  return bins.slice(0, k).sort((a, b) => a - b);
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

/**
 * The estimator with `k` frequencies over `days` days of `dayPoints`, chosen from the points
 * before `fitEnd`; undefined when there are too few of them or none is present.
 */
export function spectralModel(
  values: ArrayLike<number>,
  fitEnd: number,
  dayPoints: number,
  days: number,
  k: number,
): Model | undefined {
  const n = dayPoints * days;
  if (n > SPECTRAL_MAX_POINTS || fitEnd < n || fitEnd > values.length) return undefined;
  const fill = meanOf(values, fitEnd - n, fitEnd);
  if (Number.isNaN(fill)) return undefined;
  const at = (vs: ArrayLike<number>, i: number) => {
    const v = vs[i]!;
    return Number.isNaN(v) ? fill : v;
  };
  const window = Array.from({ length: n }, (_, j) => at(values, fitEnd - n + j));
  const bins = [0, ...strongestBins(window, k)];
  const cos = Float64Array.from({ length: n }, (_, m) => Math.cos((2 * Math.PI * m) / n));
  const sin = Float64Array.from({ length: n }, (_, m) => Math.sin((2 * Math.PI * m) / n));
  let kept: Fit | undefined;

  const fitFresh = (vs: ArrayLike<number>, end: number): Fit => {
    const re = new Float64Array(bins.length);
    const im = new Float64Array(bins.length);
    bins.forEach((b, q) => {
      let r = 0;
      let i = 0;
      for (let j = 0, m = 0; j < n; j++, m = (m + b) % n) {
        const x = at(vs, end - n + j);
        r += x * cos[m]!;
        i -= x * sin[m]!;
      }
      re[q] = r;
      im[q] = i;
    });
    return { values: vs, end, slides: 0, re, im };
  };
  // X(o + 1) = e^(2πi·b/n) (X(o) − x[o − n] + x[o])
  const slide = (f: Fit): void => {
    const d = at(f.values, f.end) - at(f.values, f.end - n);
    bins.forEach((b, q) => {
      const r = f.re[q]! + d;
      const i = f.im[q]!;
      f.re[q] = r * cos[b]! - i * sin[b]!;
      f.im[q] = r * sin[b]! + i * cos[b]!;
    });
    f.end++;
    f.slides++;
  };
  const fitAt = (vs: ArrayLike<number>, end: number): Fit => {
    const reuse =
      kept?.values === vs && kept.end <= end && kept.slides + (end - kept.end) <= MAX_SLIDES;
    const f = reuse ? kept! : fitFresh(vs, end);
    while (f.end < end) slide(f);
    kept = f;
    return f;
  };

  return {
    name: `fft(${days}d, k=${k})`,
    seasons: days,
    period: dayPoints,
    predict(vs, end, h) {
      if (end < n) return NaN;
      const f = fitAt(vs, end);
      const j = n - 1 + h;
      let sum = 0;
      bins.forEach((b, q) => {
        const m = (b * j) % n;
        const part = f.re[q]! * cos[m]! - f.im[q]! * sin[m]!;
        sum += b === 0 || 2 * b === n ? part : 2 * part;
      });
      return sum / n;
    },
  };
}
