/**
 * expr's type checker (checker/checker.go) over the closed language, run once at parse time:
 * metrics are float64 (KEDA compiles with `expr.Env(map[string]float64)`), a literal without `.`
 * is an int, a comparison is a bool. Arithmetic on a bool, `%` on a float, a non-bool condition or
 * a bool result is an error at its position — what KEDA's webhook rejects. `any` is expr's
 * unknown type (`[a, 1]`'s elements, `a ?? 1`), accepted where a number or a bool may be.
 */
import { FormulaError } from './lex.js';
import type { Expr } from './types.js';

export type Type = 'int' | 'float' | 'bool' | 'any' | { readonly elem: Type };

const isNumber = (t: Type): boolean => t === 'int' || t === 'float';
const isArray = (t: Type): t is { readonly elem: Type } => typeof t === 'object';
const numberish = (t: Type): boolean => isNumber(t) || t === 'any';
const boolish = (t: Type): boolean => t === 'bool' || t === 'any';
const same = (a: Type, b: Type): boolean =>
  isArray(a) && isArray(b) ? same(a.elem, b.elem) : a === b;
const comparable = (a: Type, b: Type): boolean =>
  a === 'any' || b === 'any' || (isNumber(a) && isNumber(b)) || same(a, b);

export function showType(t: Type): string {
  if (isArray(t)) return `[]${showType(t.elem)}`;
  return t === 'int' ? 'int' : t === 'float' ? 'float64' : t === 'bool' ? 'bool' : 'interface {}';
}

function mismatch(pos: number, op: string, a: Type, b?: Type): FormulaError {
  const types = b === undefined ? `type ${showType(a)}` : `types ${showType(a)} and ${showType(b)}`;
  return new FormulaError(pos, `invalid operation: ${op} (mismatched ${types})`);
}

function checkBinary(e: Expr & { kind: 'bin' }, l: Type, r: Type): Type {
  const both = (ok: (t: Type) => boolean) => ok(l) && ok(r);
  switch (e.op) {
    case '+':
    case '-':
    case '*':
      if (both(numberish))
        return l === 'int' && r === 'int' ? 'int' : l === 'any' || r === 'any' ? 'any' : 'float';
      break;
    case '/':
    case '**':
    case '^':
      if (both(numberish)) return 'float';
      break;
    case '%':
      if (both((t) => t === 'int' || t === 'any')) return 'int';
      break;
    case '<':
    case '<=':
    case '>':
    case '>=':
      if (both(numberish)) return 'bool';
      break;
    case '==':
    case '!=':
      if (comparable(l, r)) return 'bool';
      break;
    case 'and':
    case 'or':
    case '&&':
    case '||':
      if (both(boolish)) return 'bool';
      break;
    case 'in':
      if (r === 'any' || (isArray(r) && comparable(l, r.elem))) return 'bool';
      if (isArray(r))
        throw new FormulaError(
          e.pos,
          `cannot use ${showType(l)} as type ${showType(r.elem)} in array`,
        );
      break;
    case '??':
      return same(l, r) ? l : 'any';
  }
  throw mismatch(e.pos, e.op, l, r);
}

function checkCall(e: Expr & { kind: 'call' }, args: readonly Type[]): Type {
  const bad = args.findIndex((t) =>
    e.fn === 'min' || e.fn === 'max' || e.fn === 'mean' || e.fn === 'median'
      ? !(numberish(t) || (isArray(t) && numberish(t.elem)))
      : !numberish(t),
  );
  if (bad >= 0)
    throw new FormulaError(
      e.args[bad]!.pos,
      `invalid argument for ${e.fn} (type ${showType(args[bad]!)})`,
    );
  const first = args[0]!;
  if (e.fn === 'float' || e.fn === 'ceil' || e.fn === 'floor' || e.fn === 'round') return 'float';
  if (e.fn === 'int') return 'int';
  if (e.fn === 'abs') return first;
  if (e.fn === 'mean' || e.fn === 'median') return args.some(isArray) ? 'any' : 'float';
  return args.some(isArray) ? 'any' : first; // min, max: expr's validateAggregateFunc
}

function checkPredicate(e: Expr & { kind: 'pred' }, ctx: Context): Type {
  const array = visit(e.array, ctx);
  if (!isArray(array) && array !== 'any')
    throw new FormulaError(
      e.array.pos,
      `builtin ${e.fn} takes only array (got ${showType(array)})`,
    );
  const elem = isArray(array) ? array.elem : 'any';
  const body = e.body === undefined ? undefined : visit(e.body, { ...ctx, item: elem });
  if (body === undefined) return e.fn === 'count' ? 'int' : elem; // count(a), sum(a)
  if (e.fn === 'map') return { elem: body };
  if (e.fn === 'sum') return body;
  if (!boolish(body))
    throw new FormulaError(e.body!.pos, `predicate should return boolean (got ${showType(body)})`);
  return e.fn === 'count' ? 'int' : e.fn === 'filter' ? { elem } : 'bool';
}

interface Context {
  readonly known?: ReadonlySet<string> | undefined;
  readonly item?: Type;
}

function visit(e: Expr, ctx: Context): Type {
  switch (e.kind) {
    case 'num':
      return e.int ? 'int' : 'float';
    case 'bool':
      return 'bool';
    case 'ref':
      if (ctx.known && !ctx.known.has(e.name))
        throw new FormulaError(e.pos, `unknown metric ${e.name}`);
      return 'float';
    case 'item':
      return ctx.item ?? 'any';
    case 'unary': {
      const t = visit(e.arg, ctx);
      if (e.op === '-' || e.op === '+') {
        if (numberish(t)) return t;
      } else if (boolish(t)) return 'bool';
      throw mismatch(e.pos, e.op, t);
    }
    case 'bin':
      return checkBinary(e, visit(e.left, ctx), visit(e.right, ctx));
    case 'cond': {
      const test = visit(e.test, ctx);
      if (!boolish(test))
        throw new FormulaError(
          e.test.pos,
          `non-bool expression (type ${showType(test)}) used as condition`,
        );
      const a = visit(e.then, ctx);
      const b = visit(e.otherwise, ctx);
      return same(a, b) ? a : 'any';
    }
    case 'array': {
      const items = e.items.map((x) => visit(x, ctx));
      const nested = items.findIndex(isArray);
      if (nested >= 0)
        throw new FormulaError(
          e.items[nested]!.pos,
          'an array holds numbers or booleans, not arrays',
        );
      const first = items[0];
      return { elem: first !== undefined && items.every((t) => same(t, first)) ? first : 'any' };
    }
    case 'call':
      return checkCall(
        e,
        e.args.map((x) => visit(x, ctx)),
      );
    case 'pred':
      return checkPredicate(e, ctx);
  }
}

/** Throws a positioned FormulaError unless `e` is well typed and gives a number. */
export function checkFormula(e: Expr, known?: ReadonlySet<string>): Type {
  const t = visit(e, { known });
  if (!numberish(t))
    throw new FormulaError(e.pos, `the formula must give a number (got ${showType(t)})`);
  return t;
}
