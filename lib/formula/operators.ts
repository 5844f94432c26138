/**
 * Binary operators on values, as expr computes them on float64, except where docs/formula.md says
 * otherwise: a division (or `%`) by zero and a non-finite result are failures here (expr gives
 * ±Inf or NaN, which KEDA turns into an undefined int64 milli-value).
 */
import { isEqual, type Value } from './builtins.js';
import type { Evaluated } from './evaluated.js';
import type { Expr } from './types.js';

const fail = (message: string): Evaluated => ({ ok: false, message });

function arithmetic(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a % b;
    default: // ** and ^
      return a ** b;
  }
}

function compare(op: string, a: number, b: number): boolean {
  return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
}

export function applyOperator(e: Expr & { kind: 'bin' }, a: Value, b: Value): Evaluated {
  const at = `at position ${e.pos}`;
  switch (e.op) {
    case '==':
      return { ok: true, v: isEqual(a, b) };
    case '!=':
      return { ok: true, v: !isEqual(a, b) };
    case 'and':
    case '&&':
    case 'or':
    case '||':
      return typeof b === 'boolean' ? { ok: true, v: b } : fail(`invalid operation ${e.op} ${at}`);
    case 'in':
      return Array.isArray(b)
        ? { ok: true, v: (b as readonly Value[]).some((x) => isEqual(a, x)) }
        : fail(`invalid operation in ${at}`);
    default:
  }
  if (typeof a !== 'number' || typeof b !== 'number')
    return fail(`invalid operation ${e.op} ${at}`);
  if (e.op === '<' || e.op === '<=' || e.op === '>' || e.op === '>=')
    return { ok: true, v: compare(e.op, a, b) };
  if ((e.op === '/' || e.op === '%') && b === 0) return fail(`division by zero ${at}`);
  if (e.op === '%' && !(Number.isInteger(a) && Number.isInteger(b)))
    return fail(`invalid operation % on a fraction ${at}`);
  const v = arithmetic(e.op, a, b);
  return Number.isFinite(v) ? { ok: true, v: v === 0 ? 0 : v } : fail(`not a finite number ${at}`);
}
