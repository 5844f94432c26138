/**
 * The discrete Fourier transform of a real series of any length n, O(n log n): radix-2 for a
 * power of two, Bluestein's chirp-z (three radix-2 transforms of 2^⌈log2(2n − 1)⌉) otherwise.
 * X[b] = Σ x[j] e^(−2πi·b·j/n).
 */

export interface Spectrum {
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/** In place, forward (sign −1) or inverse without the 1/n (sign +1); length a power of two. */
function transformPow2(re: Float64Array, im: Float64Array, sign: 1 | -1): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const r = re[i]!;
      re[i] = re[j]!;
      re[j] = r;
      const m = im[i]!;
      im[i] = im[j]!;
      im[j] = m;
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const angle = (sign * 2 * Math.PI) / len;
    const wr = Math.cos(angle);
    const wi = Math.sin(angle);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k;
        const b = a + len / 2;
        const tr = re[b]! * cr - im[b]! * ci;
        const ti = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a] = re[a]! + tr;
        im[a] = im[a]! + ti;
        const next = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = next;
      }
    }
  }
}

interface Chirp {
  readonly m: number;
  readonly cr: Float64Array;
  readonly ci: Float64Array;
  /** The transform of c[k] over k = −(n − 1)..n − 1, wrapped into m points. */
  readonly br: Float64Array;
  readonly bi: Float64Array;
}

/** The chirp of the last lengths transformed (a forecast run uses one or two). */
const chirps = new Map<number, Chirp>();
const KEPT_CHIRPS = 4;

function chirpOf(n: number): Chirp {
  const kept = chirps.get(n);
  if (kept !== undefined) return kept;
  let m = 1;
  while (m < 2 * n - 1) m <<= 1;
  const cr = new Float64Array(n);
  const ci = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const angle = (Math.PI * ((k * k) % (2 * n))) / n;
    cr[k] = Math.cos(angle);
    ci[k] = Math.sin(angle);
  }
  const br = new Float64Array(m);
  const bi = new Float64Array(m);
  br[0] = cr[0]!;
  bi[0] = ci[0]!;
  for (let k = 1; k < n; k++) {
    br[k] = br[m - k] = cr[k]!;
    bi[k] = bi[m - k] = ci[k]!;
  }
  transformPow2(br, bi, -1);
  if (chirps.size >= KEPT_CHIRPS) chirps.delete(chirps.keys().next().value!);
  const chirp = { m, cr, ci, br, bi };
  chirps.set(n, chirp);
  return chirp;
}

const isPow2 = (n: number) => n > 0 && (n & (n - 1)) === 0;

export function transformReal(x: ArrayLike<number>): Spectrum {
  const n = x.length;
  if (isPow2(n)) {
    const re = Float64Array.from(x);
    const im = new Float64Array(n);
    transformPow2(re, im, -1);
    return { re, im };
  }
  // Bluestein: b·j = (b² + j² − (b − j)²) / 2, so X[b] = c̄[b] Σ (x[j] c̄[j]) c[b − j],
  // c[k] = e^(iπk²/n): a convolution, done by power-of-two transforms.
  const { m, cr, ci, br, bi } = chirpOf(n);
  const ar = new Float64Array(m);
  const ai = new Float64Array(m);
  for (let j = 0; j < n; j++) {
    ar[j] = x[j]! * cr[j]!;
    ai[j] = -x[j]! * ci[j]!;
  }
  transformPow2(ar, ai, -1);
  for (let k = 0; k < m; k++) {
    const r = ar[k]! * br[k]! - ai[k]! * bi[k]!;
    ai[k] = ar[k]! * bi[k]! + ai[k]! * br[k]!;
    ar[k] = r;
  }
  transformPow2(ar, ai, 1);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let b = 0; b < n; b++) {
    const yr = ar[b]! / m;
    const yi = ai[b]! / m;
    re[b] = yr * cr[b]! + yi * ci[b]!;
    im[b] = yi * cr[b]! - yr * ci[b]!;
  }
  return { re, im };
}
