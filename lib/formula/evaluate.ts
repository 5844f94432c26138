/**
 * Evaluates a parsed formula over this run's metric results. Never throws: a failed metric, a
 * division by zero or a non-finite value is a failure naming where, which `??` can replace.
 * Comparisons are 1 (true) or 0 (false); `?:` takes the `then` side for any non-zero test and
 * evaluates only the side it takes.
 */
import type { MetricErrorKind, MetricResult } from '../metrics/types.js';
import type { Expr } from './types.js';

export type FormulaValue =
  | { readonly ok: true; readonly value: number }
  | {
      readonly ok: false;
      readonly message: string;
      /** The failed metric's kind (`auth`, `timeout`, …), when a metric failed. */
      readonly kind?: MetricErrorKind;
    };

const fail = (message: string, kind?: MetricErrorKind): FormulaValue => ({
  ok: false,
  message,
  ...(kind !== undefined && { kind }),
});

function compare(op: string, a: number, b: number): number {
  const r =
    op === '<'
      ? a < b
      : op === '<='
        ? a <= b
        : op === '>'
          ? a > b
          : op === '>='
            ? a >= b
            : op === '=='
              ? a === b
              : a !== b;
  return r ? 1 : 0;
}

function arithmetic(e: Extract<Expr, { kind: 'bin' }>, a: number, b: number): FormulaValue {
  if (e.op === '/' && b === 0) return fail(`division by zero at position ${e.pos}`);
  const v =
    e.op === '+'
      ? a + b
      : e.op === '-'
        ? a - b
        : e.op === '*'
          ? a * b
          : e.op === '/'
            ? a / b
            : compare(e.op, a, b);
  return Number.isFinite(v)
    ? { ok: true, value: v }
    : fail(`not a finite number at position ${e.pos}`);
}

/** `values`: metric name → this run's result (a missing name is a failure, never a throw). */
export function evaluateFormula(
  e: Expr,
  values: ReadonlyMap<string, MetricResult | undefined>,
): FormulaValue {
  switch (e.kind) {
    case 'num':
      return { ok: true, value: e.value };
    case 'ref': {
      const r = values.get(e.name);
      if (r === undefined) return fail(`metric ${e.name}: no result`);
      if (!r.ok) return fail(`metric ${e.name} failed (${r.kind}: ${r.message})`, r.kind);
      return Number.isFinite(r.value) ? r : fail(`metric ${e.name}: value is not finite`);
    }
    case 'neg': {
      const a = evaluateFormula(e.arg, values);
      return a.ok ? { ok: true, value: a.value === 0 ? 0 : -a.value } : a;
    }
    case 'bin': {
      const a = evaluateFormula(e.left, values);
      if (!a.ok) return a;
      const b = evaluateFormula(e.right, values);
      return b.ok ? arithmetic(e, a.value, b.value) : b;
    }
    case 'coalesce': {
      const a = evaluateFormula(e.left, values);
      return a.ok ? a : evaluateFormula(e.right, values);
    }
    case 'cond': {
      const t = evaluateFormula(e.test, values);
      if (!t.ok) return t;
      return evaluateFormula(t.value !== 0 ? e.then : e.otherwise, values);
    }
    case 'call': {
      const args: number[] = [];
      for (const x of e.args) {
        const v = evaluateFormula(x, values);
        if (!v.ok) return v;
        args.push(v.value);
      }
      const value =
        e.fn === 'abs'
          ? Math.abs(args[0]!)
          : e.fn === 'min'
            ? Math.min(...args)
            : Math.max(...args);
      return { ok: true, value };
    }
  }
}
