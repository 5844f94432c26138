/**
 * A hand-written Pratt parser for the formula language. Why not a library: expr-eval, jsep,
 * filtrex and mathjs all parse (and expr-eval/mathjs evaluate) more than this closed language —
 * member access, arbitrary calls, strings, assignment — and restricting them means walking their
 * AST to forbid what they allow. The whole language fits in ~120 lines here, every construct is
 * listed below, and each error carries a position.
 *
 * Binding powers, loosest first: `?:` (right-assoc) < `??` (right-assoc) < comparisons
 * (non-associative) < `+ -` < `* /` < unary `-`.
 */
import { FormulaError, lex, type Token } from './lex.js';
import { FORMULA_LIMITS, type BinaryOp, type Expr, type FunctionName } from './types.js';

const FUNCTIONS = new Set<string>(['min', 'max', 'abs']);
const COMPARISONS = new Set<string>(['<', '<=', '>', '>=', '==', '!=']);
const INFIX: Readonly<Record<string, number>> = {
  '?': 1,
  '??': 2,
  '<': 3,
  '<=': 3,
  '>': 3,
  '>=': 3,
  '==': 3,
  '!=': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
};
const UNARY_BP = 6;

export type ParsedFormula =
  | { readonly ok: true; readonly ast: Expr; readonly names: readonly string[] }
  | { readonly ok: false; readonly pos: number; readonly message: string };

class Parser {
  #i = 0;
  #depth = 0;
  readonly names = new Set<string>();
  constructor(readonly tokens: readonly Token[]) {}

  peek(): Token {
    return this.tokens[this.#i] ?? this.tokens[this.tokens.length - 1]!;
  }
  next(): Token {
    const t = this.peek();
    if (t.t !== 'end') this.#i += 1;
    return t;
  }
  expect(op: string): void {
    const t = this.next();
    if (t.t !== 'op' || t.op !== op) throw new FormulaError(t.pos, `expected "${op}"`);
  }

  expr(minBp: number): Expr {
    this.#depth += 1;
    if (this.#depth > FORMULA_LIMITS.maxDepth)
      throw new FormulaError(this.peek().pos, 'nested too deeply');
    let left = this.prefix();
    for (;;) {
      const t = this.peek();
      if (t.t !== 'op') break;
      const bp = INFIX[t.op];
      if (bp === undefined || bp < minBp) break;
      this.next();
      if (t.op === '?') {
        const then = this.expr(1);
        this.expect(':');
        const otherwise = this.expr(1);
        left = { kind: 'cond', test: left, then, otherwise, pos: t.pos };
      } else if (t.op === '??') {
        left = { kind: 'coalesce', left, right: this.expr(bp), pos: t.pos };
      } else {
        // Left-assoc: the right side binds tighter; comparisons: also refuse a second one.
        const right = this.expr(bp + 1);
        left = { kind: 'bin', op: t.op as BinaryOp, left, right, pos: t.pos };
        const after = this.peek();
        if (COMPARISONS.has(t.op) && after.t === 'op' && COMPARISONS.has(after.op))
          throw new FormulaError(after.pos, 'comparisons cannot be chained');
      }
    }
    this.#depth -= 1;
    return left;
  }

  prefix(): Expr {
    const t = this.next();
    if (t.t === 'num') return { kind: 'num', value: t.value, pos: t.pos };
    if (t.t === 'end') throw new FormulaError(t.pos, 'unexpected end of expression');
    if (t.t === 'op' && t.op === '-') return { kind: 'neg', arg: this.expr(UNARY_BP), pos: t.pos };
    if (t.t === 'op' && t.op === '(') {
      const inner = this.expr(0);
      this.expect(')');
      return inner;
    }
    if (t.t === 'op') throw new FormulaError(t.pos, `unexpected "${t.op}"`);
    const following = this.peek();
    if (following.t === 'op' && following.op === '(') {
      if (!FUNCTIONS.has(t.name))
        throw new FormulaError(t.pos, `unknown function ${t.name} (min, max, abs)`);
      return this.call(t.name as FunctionName, t.pos);
    }
    this.names.add(t.name);
    return { kind: 'ref', name: t.name, pos: t.pos };
  }

  call(fn: FunctionName, pos: number): Expr {
    this.expect('(');
    const args: Expr[] = [this.expr(0)];
    while (this.peek().t === 'op' && (this.peek() as { op: string }).op === ',') {
      this.next();
      args.push(this.expr(0));
    }
    this.expect(')');
    const arity = fn === 'abs' ? args.length === 1 : args.length >= 2;
    if (!arity || args.length > FORMULA_LIMITS.maxArgs) {
      const wanted = fn === 'abs' ? 'one argument' : `2 to ${FORMULA_LIMITS.maxArgs} arguments`;
      throw new FormulaError(pos, `${fn}() takes ${wanted}`);
    }
    return { kind: 'call', fn, args, pos };
  }
}

/** Parses `text`; `known` (the metric names) must contain every name the expression uses. */
export function parseFormula(text: string, known?: readonly string[]): ParsedFormula {
  try {
    if (text.length > FORMULA_LIMITS.maxLength)
      throw new FormulaError(FORMULA_LIMITS.maxLength + 1, 'expression too long');
    const parser = new Parser(lex(text));
    const ast = parser.expr(0);
    const end = parser.next();
    if (end.t !== 'end') throw new FormulaError(end.pos, 'unexpected token after the expression');
    const names = [...parser.names];
    if (known) {
      const unknown = findUnknown(ast, new Set(known));
      if (unknown) throw new FormulaError(unknown.pos, `unknown metric ${unknown.name}`);
    }
    return { ok: true, ast, names };
  } catch (err) {
    if (err instanceof FormulaError) return { ok: false, pos: err.pos, message: err.message };
    throw err;
  }
}

function findUnknown(
  e: Expr,
  known: ReadonlySet<string>,
): { name: string; pos: number } | undefined {
  switch (e.kind) {
    case 'num':
      return undefined;
    case 'ref':
      return known.has(e.name) ? undefined : e;
    case 'neg':
      return findUnknown(e.arg, known);
    case 'bin':
    case 'coalesce':
      return findUnknown(e.left, known) ?? findUnknown(e.right, known);
    case 'cond':
      return [e.test, e.then, e.otherwise].map((x) => findUnknown(x, known)).find(Boolean);
    case 'call':
      return e.args.map((x) => findUnknown(x, known)).find(Boolean);
  }
}
