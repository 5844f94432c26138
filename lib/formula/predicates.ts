/**
 * expr's array builtins with a predicate: `count`, `all`, `any`, `none`, `one`, `sum`, `filter`,
 * `map`. The body is evaluated once per element with `#` bound to it (each visit costs a step of
 * the evaluator's budget); `all`, `any`, `none` stop at the first element that decides.
 */
import type { Value } from './builtins.js';
import type { Evaluated, Evaluator } from './evaluated.js';
import type { Expr } from './types.js';

const fail = (message: string): Evaluated => ({ ok: false, message });

function sumOf(xs: readonly Value[], pos: number): Evaluated {
  let s = 0;
  for (const x of xs) {
    if (typeof x !== 'number') return fail(`sum of a non-number at position ${pos}`);
    s += x;
  }
  return Number.isFinite(s) ? { ok: true, v: s } : fail(`not a finite number at position ${pos}`);
}

export function evaluatePredicate(
  e: Expr & { kind: 'pred' },
  item: Value | undefined,
  evaluate: Evaluator,
): Evaluated {
  const a = evaluate(e.array, item);
  if (!a.ok) return a.nil === undefined ? a : fail(`${a.message}, used in ${e.fn}`);
  if (!Array.isArray(a.v)) return fail(`builtin ${e.fn} takes only array at position ${e.pos}`);
  const xs = a.v as readonly Value[];
  if (e.body === undefined) return e.fn === 'count' ? { ok: true, v: xs.length } : sumOf(xs, e.pos);
  const out: Value[] = [];
  let hits = 0;
  for (const x of xs) {
    const r = evaluate(e.body, x);
    if (!r.ok) return r.nil === undefined ? r : fail(`${r.message}, used in ${e.fn}`);
    if (e.fn === 'map' || e.fn === 'sum') {
      out.push(r.v);
      continue;
    }
    if (typeof r.v !== 'boolean')
      return fail(`predicate should return boolean at position ${e.body.pos}`);
    if (r.v) hits += 1;
    if (e.fn === 'filter' && r.v) out.push(x);
    if (e.fn === 'all' && !r.v) return { ok: true, v: false };
    if (e.fn === 'any' && r.v) return { ok: true, v: true };
    if (e.fn === 'none' && r.v) return { ok: true, v: false };
  }
  switch (e.fn) {
    case 'count':
      return { ok: true, v: hits };
    case 'one':
      return { ok: true, v: hits === 1 };
    case 'all':
    case 'none':
      return { ok: true, v: true };
    case 'any':
      return { ok: true, v: false };
    case 'sum':
      return sumOf(out, e.pos);
    default: // filter, map
      return { ok: true, v: out };
  }
}
