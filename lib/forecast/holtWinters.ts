/**
 * Holt-Winters, additive, with double seasonality (Taylor 2003): a level, a daily and a weekly
 * seasonal component, and an AR(1) correction of the last one-step error; no trend.
 *   e   = x − (l + d[t − m1] + w[t − m2])
 *   l'  = α (x − d[t − m1] − w[t − m2]) + (1 − α) l
 *   d[t] = δ (x − l' − w[t − m2]) + (1 − δ) d[t − m1]
 *   w[t] = ω (x − l' − d[t − m1]) + (1 − ω) w[t − m2]
 *   forecast(t − 1 + h) = l + d[t − 1 + h − m1] + w[t − 1 + h − m2] + φ^h e
 * The state of a forecast from `end` comes from `values[end − window .. end − 1]` only: two
 * seasons set the level and the profiles, the rest runs the recursion, one step a point. The
 * state is bounded (a level, m1 + m2 seasonal values); a NaN (gap) updates nothing.
 * Consecutive forecasts of the same array from the same start reuse the state: calls with a
 * growing `end` cost one step a new point, so a rolling evaluation is linear in its length.
 */
import type { Model } from './models.js';

export interface HoltWintersParams {
  readonly alpha: number;
  readonly delta: number;
  readonly omega: number;
  readonly phi: number;
}

interface State {
  readonly values: ArrayLike<number>;
  readonly start: number;
  /** The next point to read: the state forecasts from here. */
  t: number;
  level: number;
  readonly d: Float64Array;
  readonly w: Float64Array | undefined;
  e: number;
}

const present = (v: number | undefined): v is number => v !== undefined && !Number.isNaN(v);

/** The mean of the present values of `values[from .. from + length − 1]` (NaN when none). */
function meanOf(values: ArrayLike<number>, from: number, length: number): number {
  let sum = 0;
  let n = 0;
  for (let i = from; i < from + length; i++) {
    const v = values[i];
    if (present(v)) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? NaN : sum / n;
}

/** Averages `x − level − other(pos)` into slot `pos % m` over `values[start .. start + span − 1]`. */
function averageProfile(
  values: ArrayLike<number>,
  start: number,
  span: number,
  m: number,
  base: (pos: number) => number,
): Float64Array {
  const sum = new Float64Array(m);
  const count = new Float64Array(m);
  for (let pos = start; pos < start + span; pos++) {
    const v = values[pos];
    if (!present(v)) continue;
    const slot = pos % m;
    sum[slot] = sum[slot]! + v - base(pos);
    count[slot] = count[slot]! + 1;
  }
  return sum.map((s, j) => (count[j] === 0 ? 0 : s / count[j]!));
}

function initialState(values: ArrayLike<number>, start: number, m1: number, m2?: number): State {
  const span = 2 * (m2 ?? m1);
  const level = meanOf(values, start, span);
  const d = averageProfile(values, start, span, m1, () => level);
  const w =
    m2 === undefined
      ? undefined
      : averageProfile(values, start, span, m2, (pos) => level + d[pos % m1]!);
  return { values, start, t: start + span, level, d, w, e: 0 };
}

function step(s: State, p: HoltWintersParams, m1: number, m2?: number): void {
  const x = s.values[s.t];
  const i1 = s.t % m1;
  const sd = s.d[i1]!;
  const i2 = m2 === undefined ? 0 : s.t % m2;
  const sw = s.w === undefined ? 0 : s.w[i2]!;
  s.t++;
  if (!present(x)) {
    s.e = 0;
    return;
  }
  s.e = x - (s.level + sd + sw);
  const level = p.alpha * (x - sd - sw) + (1 - p.alpha) * s.level;
  s.d[i1] = p.delta * (x - level - sw) + (1 - p.delta) * sd;
  if (s.w !== undefined) s.w[i2] = p.omega * (x - level - sd) + (1 - p.omega) * sw;
  s.level = level;
}

/**
 * `day` and `week` are season lengths in points (week undefined: daily only); `window` is the
 * most history a forecast reads (points).
 */
export function holtWintersModel(
  day: number,
  week: number | undefined,
  p: HoltWintersParams,
  window: number,
): Model {
  const period = week ?? day;
  const label = week === undefined ? 'day' : 'day+week';
  let kept: State | undefined;
  const stateAt = (values: ArrayLike<number>, end: number): State | undefined => {
    const start = Math.max(0, end - window);
    if (end - start < 2 * period) return undefined;
    if (kept?.values !== values || kept.start !== start || kept.t > end) {
      kept = initialState(values, start, day, week);
    }
    while (kept.t < end) step(kept, p, day, week);
    return kept;
  };
  return {
    name: `hw(${label}, α=${p.alpha}, δ=${p.delta}, ω=${p.omega}, φ=${p.phi})`,
    seasons: 2,
    period,
    predict(values, end, h) {
      const s = stateAt(values, end);
      if (s === undefined || Number.isNaN(s.level)) return NaN;
      const at = end - 1 + h;
      const sw = s.w === undefined || week === undefined ? 0 : s.w[at % week]!;
      return s.level + s.d[at % day]! + sw + p.phi ** h * s.e;
    },
  };
}

/** The parameter grid the rolling choice picks from (Taylor's fits: small α, φ near 0.9). */
export const HOLT_WINTERS_GRID: readonly HoltWintersParams[] = Object.freeze([
  { alpha: 0.05, delta: 0.1, omega: 0.1, phi: 0.9 },
  { alpha: 0.2, delta: 0.2, omega: 0.2, phi: 0.9 },
  { alpha: 0.05, delta: 0.3, omega: 0.1, phi: 0.5 },
]);
