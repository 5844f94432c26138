/**
 * A hand-written parser for expr's grammar (github.com/expr-lang/expr, parser/parser.go), limited
 * to the closed numeric language of docs/formula.md. It follows expr's `parseExpression` step by
 * step — precedence climbing over the table in grammar.ts, unary operators parsing their operand
 * at their own precedence, `?:` only at precedence 0 (so nested and right-associative), chained
 * comparisons, and expr's refusal to mix `??` with another operator without parentheses — so a
 * formula copied from a ScaledObject means the same here. Why not a library: every JavaScript
 * expression library parses more (members, strings, any call) and binds `??` differently.
 */
import {
  BINARY,
  CHAINED_COMPARISONS,
  FUNCTIONS,
  PREDICATES,
  UNARY,
  isFunction,
  isPredicate,
} from './grammar.js';
import { FormulaError, type Token } from './lex.js';
import {
  FORMULA_LIMITS,
  type BinaryOp,
  type Expr,
  type PredicateName,
  type UnaryOp,
} from './types.js';

const isOp = (t: Token, op: string): boolean => t.t === 'op' && t.op === op;

export class Parser {
  #i = 0;
  #depth = 0;
  /** Inside a predicate (`{# > 1}`), where `#` is the element. */
  #predicates = 0;
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
    if (!isOp(t, op)) throw this.unexpected(t, `expected "${op}"`);
  }
  unexpected(t: Token, why?: string): FormulaError {
    if (t.t === 'end') return new FormulaError(t.pos, 'unexpected end of expression');
    const shown = t.t === 'num' ? 'number' : t.t === 'name' ? t.name : `"${t.op}"`;
    return new FormulaError(t.pos, why ?? `unexpected token ${shown}`);
  }

  expression(precedence: number): Expr {
    if (++this.#depth > FORMULA_LIMITS.maxDepth)
      throw new FormulaError(this.peek().pos, 'nested too deeply');
    let left = this.primary();
    let previous = '';
    for (;;) {
      const t = this.peek();
      if (t.t !== 'op') break;
      const negate = t.op === 'not' && isOp(this.tokens[this.#i + 1] ?? t, 'in');
      const op = negate ? 'in' : t.op;
      const info = BINARY[op];
      if (info === undefined || info.precedence < precedence) break;
      this.next();
      if (negate) this.next();
      if (previous === '??' && op !== '??')
        throw new FormulaError(
          t.pos,
          `operator ${op} and coalesce expressions (??) cannot be mixed; wrap either in parentheses`,
        );
      if (CHAINED_COMPARISONS.has(op)) {
        left = this.comparison(left, t, info.precedence);
      } else {
        const right = this.expression(info.right ? info.precedence : info.precedence + 1);
        left = { kind: 'bin', op: op as BinaryOp, left, right, pos: t.pos };
        if (negate) left = { kind: 'unary', op: 'not', arg: left, pos: t.pos };
      }
      previous = op;
    }
    if (precedence === 0) left = this.conditional(left);
    this.#depth -= 1;
    return left;
  }

  /** `a < b <= c` is `a < b && b <= c`, as in expr. */
  comparison(first: Expr, token: Token & { t: 'op' }, precedence: number): Expr {
    let root: Expr | undefined;
    let left = first;
    let t = token;
    for (;;) {
      const right = this.expression(precedence + 1);
      const cmp: Expr = { kind: 'bin', op: t.op as BinaryOp, left, right, pos: t.pos };
      root =
        root === undefined ? cmp : { kind: 'bin', op: '&&', left: root, right: cmp, pos: t.pos };
      left = right;
      const after = this.peek();
      if (after.t !== 'op' || !CHAINED_COMPARISONS.has(after.op)) return root;
      this.next();
      t = after;
    }
  }

  conditional(test: Expr): Expr {
    let node = test;
    while (isOp(this.peek(), '?')) {
      const q = this.next();
      if (isOp(this.peek(), ':')) {
        this.next();
        node = { kind: 'cond', test: node, then: node, otherwise: this.expression(0), pos: q.pos };
        continue;
      }
      const then = this.expression(0);
      this.expect(':');
      node = { kind: 'cond', test: node, then, otherwise: this.expression(0), pos: q.pos };
    }
    return node;
  }

  primary(): Expr {
    const t = this.next();
    if (t.t === 'num') return { kind: 'num', value: t.value, int: t.int, pos: t.pos };
    if (t.t === 'name') return this.named(t);
    if (t.t === 'end') throw this.unexpected(t);
    const unary = UNARY[t.op];
    if (unary !== undefined) {
      return { kind: 'unary', op: t.op as UnaryOp, arg: this.expression(unary), pos: t.pos };
    }
    if (t.op === '(') {
      const inner = this.expression(0);
      this.expect(')');
      return inner;
    }
    if (t.op === '[') return { kind: 'array', items: this.list(']'), pos: t.pos };
    if (t.op === '#' && this.#predicates > 0) return { kind: 'item', pos: t.pos };
    throw this.unexpected(t);
  }

  named(t: Token & { t: 'name' }): Expr {
    if (t.name === 'true' || t.name === 'false')
      return { kind: 'bool', value: t.name === 'true', pos: t.pos };
    if (!isOp(this.peek(), '(')) {
      this.names.add(t.name);
      return { kind: 'ref', name: t.name, pos: t.pos };
    }
    this.next();
    if (isPredicate(t.name)) return this.predicate(t.name, t.pos);
    if (!isFunction(t.name)) throw new FormulaError(t.pos, `unknown function ${t.name}`);
    const args = this.list(')');
    const [min, max] = FUNCTIONS[t.name];
    if (args.length < min || args.length > max) {
      const wanted = min === max ? `${min}` : `${min} to ${max}`;
      throw new FormulaError(t.pos, `${t.name}() takes ${wanted} arguments, got ${args.length}`);
    }
    return { kind: 'call', fn: t.name, args, pos: t.pos };
  }

  /** Items up to `close`, comma-separated; a trailing comma is allowed, as in expr. */
  list(close: string): Expr[] {
    const items: Expr[] = [];
    while (!isOp(this.peek(), close)) {
      if (items.length > 0) {
        this.expect(',');
        if (isOp(this.peek(), close)) break;
      }
      if (items.length >= FORMULA_LIMITS.maxArgs * 16)
        throw new FormulaError(this.peek().pos, 'too many items');
      items.push(this.expression(0));
    }
    this.next();
    return items;
  }

  /** `count([a, b], {# > 1})`: the array, then a predicate (braces optional, as in expr). */
  predicate(fn: PredicateName, pos: number): Expr {
    const array = this.expression(0);
    let body: Expr | undefined;
    if (!(PREDICATES[fn] && isOp(this.peek(), ')'))) {
      this.expect(',');
      const braces = isOp(this.peek(), '{');
      if (braces) this.next();
      this.#predicates += 1;
      body = this.expression(0);
      this.#predicates -= 1;
      if (braces) this.expect('}');
      if (isOp(this.peek(), ',')) this.next();
    }
    this.expect(')');
    return { kind: 'pred', fn, array, ...(body !== undefined && { body }), pos };
  }
}
