/**
 * The runtime of expr's numeric builtins, as builtin/lib.go computes them on float64: `round`
 * halves away from zero (Go's math.Round), `int` truncates toward zero, `mean` and `median` of no
 * values are 0. Each returns a number or the reason it cannot.
 */
import type { FunctionName } from './types.js';

export type Value = number | boolean | readonly Value[];
export type Computed =
  { readonly ok: true; readonly v: Value } | { readonly ok: false; readonly message: string };

const INT_LIMIT = 2 ** 63;

const ok = (v: Value): Computed => ({ ok: true, v });
const no = (message: string): Computed => ({ ok: false, message });

/** Go's math.Round: half away from zero (JavaScript's Math.round takes -2.5 to -2). */
export const roundHalfAway = (x: number): number => (x < 0 ? -Math.round(-x) : Math.round(x));

/** Numbers of `args`, arrays flattened one level (min, max, mean, median). */
function numbersOf(args: readonly Value[]): number[] | undefined {
  const out: number[] = [];
  for (const a of args) {
    for (const x of Array.isArray(a) ? (a as readonly Value[]) : [a]) {
      if (typeof x !== 'number') return undefined;
      out.push(x);
    }
  }
  return out;
}

function aggregate(fn: FunctionName, xs: readonly number[]): Computed {
  if (fn === 'mean') return ok(xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length);
  if (fn === 'median') {
    if (xs.length === 0) return ok(0);
    const s = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return ok(s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2);
  }
  if (xs.length === 0) return no(`${fn}() of no values`);
  let best = xs[0]!;
  for (const x of xs) if (fn === 'min' ? x < best : x > best) best = x;
  return ok(best);
}

export function callFunction(fn: FunctionName, args: readonly Value[]): Computed {
  if (fn === 'min' || fn === 'max' || fn === 'mean' || fn === 'median') {
    const xs = numbersOf(args);
    return xs === undefined ? no(`invalid argument for ${fn}`) : aggregate(fn, xs);
  }
  const x = args[0];
  if (typeof x !== 'number') return no(`invalid argument for ${fn}`);
  switch (fn) {
    case 'float':
      return ok(x);
    case 'int': {
      const t = Math.trunc(x);
      return Math.abs(t) < INT_LIMIT ? ok(t === 0 ? 0 : t) : no('int() of a value out of range');
    }
    case 'abs':
      return ok(Math.abs(x));
    case 'ceil':
      return ok(Math.ceil(x));
    case 'floor':
      return ok(Math.floor(x));
    case 'round':
      return ok(roundHalfAway(x));
  }
}

/** `==` as expr compares numbers, booleans and (element by element) arrays. */
export function isEqual(a: Value, b: Value): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    const x = a as readonly Value[];
    const y = b as readonly Value[];
    return x.length === y.length && x.every((v, i) => isEqual(v, y[i]!));
  }
  return a === b;
}
