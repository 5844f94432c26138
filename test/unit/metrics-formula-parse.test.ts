import { parseFormula } from '../../lib/formula/parse.js';
import { printFormula } from '../../lib/formula/print.js';

const NAMES = ['orders', 'signups', 'queue', 'api_estimate'];

function printed(text: string): string {
  const r = parseFormula(text, NAMES);
  if (!r.ok) throw new Error(r.message);
  return printFormula(r.ast);
}

/** expr's table (parser/operator/operator.go): each row checks one precedence or associativity. */
describe("parseFormula: expr's precedence and associativity (printed fully parenthesised)", () => {
  it.each([
    ['orders / 10', '(orders / 10)'],
    ['1 + 2 * 3', '(1 + (2 * 3))'], // * (60) over + (30)
    ['(1 + 2) * 3', '((1 + 2) * 3)'],
    ['10 - 4 - 3', '((10 - 4) - 3)'], // left-assoc
    ['8 / 4 / 2', '((8 / 4) / 2)'],
    ['7 % 4 * 2', '((7 % 4) * 2)'], // % with * and /, left-assoc
    ['2 ** 3 ** 2', '(2 ** (3 ** 2))'], // ** (100) right-assoc
    ['2 ^ 3 * 2', '((2 ^ 3) * 2)'],
    ['-orders * 2', '((-orders) * 2)'], // unary - (90) over * (60)
    ['-2 ** 2', '(-(2 ** 2))'], // ... but under ** (100)
    ['--orders', '(-(-orders))'],
    ['+orders', '(+orders)'],
    ['queue ?? api_estimate ?? 8', '((queue ?? api_estimate) ?? 8)'], // ?? (500) left-assoc
    ['1 + queue ?? 8', '(1 + (queue ?? 8))'], // ?? binds tightest
    ['orders * queue ?? 2 + 1', '((orders * (queue ?? 2)) + 1)'],
    ['(queue ?? 1) + 2', '((queue ?? 1) + 2)'],
    ['orders > 10 ? orders : 0', '((orders > 10) ? orders : 0)'],
    ['orders > 1 ? 1 : queue > 1 ? 2 : 3', '((orders > 1) ? 1 : ((queue > 1) ? 2 : 3))'], // right
    ['orders < 2 ? orders >= 2 ? 5 : 10 : 0', '((orders < 2) ? ((orders >= 2) ? 5 : 10) : 0)'],
    ['1 < orders < 3 ? 1 : 0', '(((1 < orders) && (orders < 3)) ? 1 : 0)'], // chained
    ['orders == 1 == true ? 1 : 0', '(((orders == 1) == true) ? 1 : 0)'], // == left-assoc
    ['true || false && false ? 1 : 0', '((true || (false && false)) ? 1 : 0)'], // && (15) > || (10)
    ['true or false and false ? 1 : 0', '((true or (false and false)) ? 1 : 0)'],
    ['!true && false ? 1 : 0', '(((!true) && false) ? 1 : 0)'], // ! (50) over && (15)
    ['not (orders > 1) ? 1 : 0', '((not (orders > 1)) ? 1 : 0)'],
    ['orders in [1, 2] ? 1 : 0', '((orders in [1, 2]) ? 1 : 0)'],
    ['orders not in [1, 2] ? 1 : 0', '((not (orders in [1, 2])) ? 1 : 0)'],
    ['1 + 2 < 4 ? 1 : 0', '(((1 + 2) < 4) ? 1 : 0)'],
    ['max(orders / 10, signups / 100)', 'max((orders / 10), (signups / 100))'],
    ['min(1, 2, 3,)', 'min(1, 2, 3)'],
    ['count([orders, queue], {# > 1})', 'count([orders, queue], {(# > 1)})'],
    ['count([orders, queue], # > 1)', 'count([orders, queue], {(# > 1)})'],
    ['count([orders])', 'count([orders])'],
    ['sum(map([orders], {# * 2}))', 'sum(map([orders], {(# * 2)}))'],
    ['float(orders)', 'float(orders)'],
    ['  orders  ', 'orders'],
    ['2.5*orders', '(2.5 * orders)'],
    ['1_000 + 1e3 + 2.0', '((1000 + 1000.0) + 2.0)'], // 1e3 is a float in expr
  ])('%s → %s', (text, expected) => {
    expect(printed(text)).toBe(expected);
  });
});

describe('parseFormula: errors name the position (1-based)', () => {
  it.each<[string, number, string]>([
    ['', 1, 'unexpected end of expression'],
    ['orders +', 9, 'unexpected end of expression'],
    ['orders + * 2', 10, 'unexpected token "*"'],
    ['(orders', 8, 'unexpected end of expression'],
    ['orders)', 7, 'unexpected token ")"'],
    ['orders.count', 7, 'unexpected "."'],
    ['orders[0]', 7, 'unexpected token "["'],
    ["'text'", 1, `unexpected "'"`],
    ['eval(orders)', 1, 'unknown function eval'],
    ['constructor(1)', 1, 'unknown function constructor'],
    ['len([orders])', 1, 'unknown function len'],
    ['nope + 1', 1, 'unknown metric nope'],
    ['orders + __proto__', 10, 'unknown metric __proto__'],
    ['orders ? 1 : 2', 1, 'non-bool expression (type float64) used as condition'],
    ['orders > 1', 8, 'the formula must give a number (got bool)'],
    ['(orders > 1) + 1', 14, 'invalid operation: + (mismatched types bool and int)'],
    ['orders % 2', 8, 'invalid operation: % (mismatched types float64 and int)'],
    ['orders && true ? 1 : 0', 8, 'invalid operation: && (mismatched types float64 and bool)'],
    ['not orders > 1 ? 1 : 0', 1, 'invalid operation: not (mismatched type float64)'], // not (50) over > (20)
    ['-true', 1, 'invalid operation: - (mismatched type bool)'],
    ['queue ?? orders + 1', 17, 'operator + and coalesce expressions (??) cannot be mixed'],
    ['queue ?? 2 * 3', 12, 'operator * and coalesce expressions (??) cannot be mixed'],
    ['count([orders], {#})', 18, 'predicate should return boolean (got float64)'],
    ['count(orders, {# > 1})', 7, 'builtin count takes only array (got float64)'],
    ['[[orders]]', 2, 'an array holds numbers or booleans, not arrays'],
    ['# + 1', 1, 'unexpected token "#"'],
    ['orders ? 1', 11, 'unexpected end of expression'],
    ['orders > 1 ? 1 2', 16, 'expected ":"'],
    ['abs(1, 2)', 1, 'abs() takes 1 arguments, got 2'],
    ['max()', 1, 'max() takes 1 to 16 arguments, got 0'],
    ['orders = 1', 8, 'unexpected "="'],
    ['orders & 1', 8, 'unexpected "&"'],
    ['2orders', 1, 'bad number syntax'],
    ['1.5.5', 1, 'bad number syntax'],
    ['0x1F', 1, 'bad number syntax'], // expr takes hex; docs/formula.md says why not here
    ['9'.repeat(309), 1, 'integer literal is too large'], // issue 22 case 9: Infinity before
    ['orders + ' + '9'.repeat(309) + '.5', 10, 'float literal is too large'],
    ['9223372036854775808', 1, 'integer literal is too large'],
    ['orders\u00a0+ 1', 7, 'unexpected character'], // a non-ASCII space is not ours to guess
    ['('.repeat(60) + '1' + ')'.repeat(60), 49, 'nested too deeply'],
  ])('%j → at %i: %s', (text, pos, reason) => {
    const r = parseFormula(text, NAMES);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toContain(reason);
    expect(r.pos).toBe(pos);
    expect(r.message).toContain(`at position ${pos}`);
  });

  it('refuses an array over 256 items, at the first item too many', () => {
    const r = parseFormula(`count([${'1,'.repeat(256)}1])`, NAMES);
    expect(r).toEqual({ ok: false, pos: 520, message: 'too many items at position 520' });
  });

  it('refuses an expression over the length limit', () => {
    const r = parseFormula('1+'.repeat(600) + '1');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('too long');
  });
});
