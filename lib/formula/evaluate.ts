/**
 * Evaluates a parsed (and type-checked) formula over this run's metric results. Never throws: a
 * failed metric, a division by zero, a non-finite value or an exhausted budget is a failure
 * naming where. Work is bounded: every node visited costs one step of FORMULA_LIMITS.maxSteps
 * (a predicate visits its body once per element), so an evaluation is linear in the formula
 * times its arrays, with a hard cap.
 */
import type { MetricErrorKind, MetricResult } from '../metrics/types.js';
import { callFunction, type Value } from './builtins.js';
import { applyOperator } from './operators.js';
import { evaluatePredicate } from './predicates.js';
import type { Evaluated, Evaluator, FormulaValue } from './evaluated.js';
import { FORMULA_LIMITS, type Expr } from './types.js';

export type { Evaluated, Evaluator, FormulaValue } from './evaluated.js';

export interface EvaluateOptions {
  /**
   * `failure` (default): `??` takes its right side when its left side fails for any reason.
   * `nil`: only when its left side is nil (expr's own rule); other failures go through.
   */
  readonly coalesce?: 'failure' | 'nil';
  /** With `coalesce: nil`: a failed metric reads as nil (else it fails the formula). */
  readonly failedIsNil?: boolean;
}

class BudgetExceeded extends Error {}

function fail(message: string, kind?: MetricErrorKind): Evaluated {
  return { ok: false, message, ...(kind !== undefined && { kind }) };
}

/** Anything but a bare nil is an operand error: expr's `nil + 1` is an error, not nil. */
const operand = (r: Evaluated): Evaluated =>
  r.ok || r.nil === undefined ? r : fail(`${r.message}, used in an operation`);

function makeEvaluator(
  values: ReadonlyMap<string, MetricResult | undefined>,
  options: EvaluateOptions,
): Evaluator {
  let steps = 0;
  const readMetric = (name: string): Evaluated => {
    const r = values.get(name);
    if (r === undefined) return fail(`metric ${name}: no result`);
    if (!r.ok) {
      if (options.coalesce === 'nil' && options.failedIsNil === true)
        return {
          ok: false,
          message: `metric ${name} is nil (failed past the threshold)`,
          nil: true,
        };
      return fail(`metric ${name} failed (${r.kind}: ${r.message})`, r.kind);
    }
    return Number.isFinite(r.value)
      ? { ok: true, v: r.value }
      : fail(`metric ${name}: value is not finite`);
  };
  const evaluate: Evaluator = (e, item) => {
    steps += 1;
    if (steps > FORMULA_LIMITS.maxSteps) throw new BudgetExceeded();
    switch (e.kind) {
      case 'num':
      case 'bool':
        return { ok: true, v: e.value };
      case 'ref':
        return readMetric(e.name);
      case 'item':
        return item === undefined
          ? fail(`# outside a predicate at position ${e.pos}`)
          : { ok: true, v: item };
      case 'unary': {
        const a = operand(evaluate(e.arg, item));
        if (!a.ok) return a;
        if (e.op === '!' || e.op === 'not') return { ok: true, v: a.v !== true };
        if (typeof a.v !== 'number') return fail(`invalid operation ${e.op} at position ${e.pos}`);
        return { ok: true, v: e.op === '-' && a.v !== 0 ? -a.v : a.v };
      }
      case 'bin': {
        const a = evaluate(e.left, item);
        if (e.op === '??') {
          if (a.ok) return a;
          return options.coalesce !== 'nil' || a.nil === true ? evaluate(e.right, item) : a;
        }
        const l = operand(a);
        if (!l.ok) return l;
        if ((e.op === 'and' || e.op === '&&') && l.v === false) return l;
        if ((e.op === 'or' || e.op === '||') && l.v === true) return l;
        const r = operand(evaluate(e.right, item));
        return r.ok ? applyOperator(e, l.v, r.v) : r;
      }
      case 'cond': {
        const t = operand(evaluate(e.test, item));
        if (!t.ok) return t;
        return evaluate(t.v === true ? e.then : e.otherwise, item);
      }
      case 'array': {
        const out: Value[] = [];
        for (const x of e.items) {
          const v = operand(evaluate(x, item));
          if (!v.ok) return v;
          out.push(v.v);
        }
        return { ok: true, v: out };
      }
      case 'call': {
        const args: Value[] = [];
        for (const x of e.args) {
          const v = operand(evaluate(x, item));
          if (!v.ok) return v;
          args.push(v.v);
        }
        const c = callFunction(e.fn, args);
        return c.ok ? c : fail(`${c.message} at position ${e.pos}`);
      }
      case 'pred':
        return evaluatePredicate(e, item, evaluate);
    }
  };
  return evaluate;
}

/** `values`: metric name → this run's result (a missing name is a failure, never a throw). */
export function evaluateFormula(
  e: Expr,
  values: ReadonlyMap<string, MetricResult | undefined>,
  options: EvaluateOptions = {},
): FormulaValue {
  let r: Evaluated;
  try {
    r = makeEvaluator(values, options)(e);
  } catch (err) {
    if (err instanceof BudgetExceeded)
      return {
        ok: false,
        message: `formula exceeds its budget of ${FORMULA_LIMITS.maxSteps} steps`,
      };
    throw err;
  }
  if (!r.ok) return r;
  if (typeof r.v !== 'number') return { ok: false, message: 'the formula did not give a number' };
  return Number.isFinite(r.v)
    ? { ok: true, value: r.v }
    : { ok: false, message: 'the formula value is not finite' };
}
