import fc from 'fast-check';
import { parseFormula } from '../../lib/formula/parse.js';
import { printFormula } from '../../lib/formula/print.js';
import type { Expr } from '../../lib/formula/types.js';

const NAMES = ['orders', 'signups', 'queue', 'api_estimate'];

function printed(text: string): string {
  const r = parseFormula(text, NAMES);
  if (!r.ok) throw new Error(r.message);
  return printFormula(r.ast);
}

describe('parseFormula: precedence and associativity (printed fully parenthesised)', () => {
  it.each([
    ['orders / 10', '(orders / 10)'],
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['(1 + 2) * 3', '((1 + 2) * 3)'],
    ['10 - 4 - 3', '((10 - 4) - 3)'], // left-assoc
    ['8 / 4 / 2', '((8 / 4) / 2)'],
    ['-orders * 2', '((-orders) * 2)'],
    ['--orders', '(-(-orders))'],
    ['queue ?? api_estimate ?? 8', '(queue ?? (api_estimate ?? 8))'], // right-assoc
    ['queue ?? 1 + 2', '(queue ?? (1 + 2))'],
    ['orders > 10 ? orders : 0', '((orders > 10) ? orders : 0)'],
    [
      'a1 ? 1 : b1 ? 2 : 3'.replace(/a1/, 'orders').replace(/b1/, 'queue'),
      '(orders ? 1 : (queue ? 2 : 3))',
    ],
    ['max(orders / 10, signups / 100)', 'max((orders / 10), (signups / 100))'],
    ['min(1, 2, 3)', 'min(1, 2, 3)'],
    ['abs(orders - queue)', 'abs((orders - queue))'],
    ['orders == 0 ?? 1', '((orders == 0) ?? 1)'],
    ['1 + 2 < 4', '((1 + 2) < 4)'],
    ['  orders  ', 'orders'],
    ['2.5*orders', '(2.5 * orders)'],
  ])('%s → %s', (text, expected) => {
    expect(printed(text)).toBe(expected);
  });
});

describe('parseFormula: errors name the position (1-based)', () => {
  it.each<[string, number, string]>([
    ['', 1, 'unexpected end of expression'],
    ['orders +', 9, 'unexpected end of expression'],
    ['orders + * 2', 10, 'unexpected "*"'],
    ['(orders', 8, 'expected ")"'],
    ['orders)', 7, 'unexpected token after the expression'],
    ['orders.count', 7, 'unexpected "."'],
    ['orders["x"]', 7, 'unexpected "["'],
    ["'text'", 1, `unexpected "'"`],
    ['eval(orders)', 1, 'unknown function eval (min, max, abs)'],
    ['constructor(1)', 1, 'unknown function constructor'],
    ['nope + 1', 1, 'unknown metric nope'],
    ['orders + __proto__', 10, 'unknown metric __proto__'],
    ['1 < 2 < 3', 7, 'comparisons cannot be chained'],
    ['orders ? 1', 11, 'expected ":"'],
    ['abs(1, 2)', 1, 'abs() takes one argument'],
    ['max(1)', 1, 'max() takes 2 to 16 arguments'],
    ['orders = 1', 8, 'unexpected "="'],
    ['orders && 1', 8, 'unexpected "&"'],
    ['2orders', 1, 'a number must not run into a name'],
    ['1e3', 1, 'a number must not run into a name'],
    ['orders\u00a0+ 1', 7, 'unexpected'], // a non-ASCII space is not ours to guess
    ['('.repeat(60) + '1' + ')'.repeat(60), 49, 'nested too deeply'],
  ])('%j → at %i: %s', (text, pos, reason) => {
    const r = parseFormula(text, NAMES);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.pos).toBe(pos);
    expect(r.message).toContain(reason);
    expect(r.message).toContain(`at position ${pos}`);
  });

  it('refuses an expression over the length limit', () => {
    const r = parseFormula('1+'.repeat(600) + '1');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('too long');
  });
});

const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: 0, max: 1000 }).map((value): Expr => ({ kind: 'num', value, pos: 1 })),
    fc.constantFrom(...NAMES).map((name): Expr => ({ kind: 'ref', name, pos: 1 })),
    tie('e').map((arg): Expr => ({ kind: 'neg', arg, pos: 1 })),
    fc
      .tuple(
        fc.constantFrom('+', '-', '*', '/', '<', '>=', '==', '!=' as const),
        tie('e'),
        tie('e'),
      )
      .map(([op, left, right]): Expr => ({ kind: 'bin', op, left, right, pos: 1 })),
    fc
      .tuple(tie('e'), tie('e'))
      .map(([left, right]): Expr => ({ kind: 'coalesce', left, right, pos: 1 })),
    fc
      .tuple(tie('e'), tie('e'), tie('e'))
      .map(([test, then, otherwise]): Expr => ({ kind: 'cond', test, then, otherwise, pos: 1 })),
    fc
      .tuple(
        fc.constantFrom('min' as const, 'max' as const),
        fc.array(tie('e'), { minLength: 2, maxLength: 3 }),
      )
      .map(([fn, args]): Expr => ({ kind: 'call', fn, args, pos: 1 })),
  ),
})).e;

describe('parseFormula: properties', () => {
  it('print then parse gives back the same printed tree', () => {
    fc.assert(
      fc.property(exprArb, (ast) => {
        const text = printFormula(ast);
        fc.pre(text.length <= 1024);
        const r = parseFormula(text, NAMES);
        if (!r.ok && r.message.includes('nested too deeply')) return; // deep trees are refused
        expect(r.ok).toBe(true);
        if (r.ok) expect(printFormula(r.ast)).toBe(text);
      }),
    );
  });

  it('never throws on any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const r = parseFormula(text, NAMES);
        expect(typeof r.ok).toBe('boolean');
      }),
    );
  });
});
