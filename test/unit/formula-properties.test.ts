/**
 * Properties of the formula language: parse → print → parse is stable, and any input — random or
 * built from the language's own tokens — ends in a value or a positioned error, within the limits.
 */
import fc from 'fast-check';
import { evaluateFormula } from '../../lib/formula/evaluate.js';
import { parseFormula } from '../../lib/formula/parse.js';
import { printFormula } from '../../lib/formula/print.js';
import { FORMULA_LIMITS } from '../../lib/formula/types.js';
import type { MetricResult } from '../../lib/metrics/types.js';

const NAMES = ['a', 'b', 'c'];
const TOKENS = [
  ...NAMES,
  '1', '2.5', '0', '1e3', '7', 'true', 'false', '#',
  '+', '-', '*', '/', '%', '**', '^', '??', '?', ':', '(', ')', '[', ']', '{', '}', ',',
  '<', '<=', '>', '>=', '==', '!=', '&&', '||', '!', 'and', 'or', 'not', 'in',
  'float(', 'int(', 'abs(', 'ceil(', 'floor(', 'round(', 'min(', 'max(', 'mean(', 'median(',
  'count(', 'all(', 'any(', 'none(', 'one(', 'sum(', 'filter(', 'map(',
]; // prettier-ignore

const tokenText = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((ts) => ts.join(' '));

/** Well-formed formulas, built from the grammar (numbers out, booleans only where expected). */
const num: fc.Arbitrary<string> = fc.letrec<{ n: string; b: string }>((tie) => ({
  n: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...NAMES, '0', '1', '2.5', '1e3'),
    fc
      .tuple(tie('n'), fc.constantFrom('+', '-', '*', '/', '**', '^', '??'), tie('n'))
      .map(([l, op, r]) => `(${l} ${op} ${r})`),
    tie('n').map((x) => `-${x}`),
    fc.tuple(tie('b'), tie('n'), tie('n')).map(([t, x, y]) => `(${t} ? ${x} : ${y})`),
    fc
      .tuple(fc.constantFrom('min', 'max', 'abs', 'ceil', 'floor', 'round', 'float'), tie('n'))
      .map(([f, x]) => `${f}(${x})`),
    fc
      .tuple(fc.constantFrom('count', 'sum'), fc.array(tie('n'), { minLength: 1, maxLength: 3 }))
      .map(([f, xs]) => `${f}([${xs.join(', ')}], {${f === 'sum' ? '# * 2' : '# > 1'}})`),
  ),
  b: fc.oneof(
    fc
      .tuple(tie('n'), fc.constantFrom('<', '<=', '>', '>=', '==', '!='), tie('n'))
      .map(([l, op, r]) => `(${l} ${op} ${r})`),
    fc
      .tuple(tie('b'), fc.constantFrom('&&', '||', 'and', 'or'), tie('b'))
      .map(([l, op, r]) => `(${l} ${op} ${r})`),
    tie('b').map((x) => `(!${x})`),
    fc.array(tie('n'), { minLength: 1, maxLength: 3 }).map((xs) => `(a in [${xs.join(', ')}])`),
  ),
})).n;

const result = fc.oneof(
  fc.double().map((value): MetricResult => ({ ok: true, value })),
  fc.constant<MetricResult>({ ok: false, kind: 'timeout', message: 'timed out' }),
);

function expectPositioned(text: string): void {
  const r = parseFormula(text, NAMES);
  if (r.ok) return;
  expect(r.pos).toBeGreaterThanOrEqual(1);
  expect(r.pos).toBeLessThanOrEqual(Math.min(text.length, FORMULA_LIMITS.maxLength) + 1);
  expect(r.message).toMatch(/ at position \d+$/);
}

describe('formula properties', () => {
  it('parse → print → parse gives the same printed tree', () => {
    fc.assert(
      fc.property(num, (text) => {
        const first = parseFormula(text, NAMES);
        if (!first.ok) return expectPositioned(text); // too deep: refused with its position
        const printed = printFormula(first.ast);
        const again = parseFormula(printed, NAMES);
        expect(again.ok && printFormula(again.ast)).toBe(printed);
      }),
      { numRuns: 500 },
    );
  });

  it('the generator of well-formed formulas mostly parses (so the property above has teeth)', () => {
    const texts = fc.sample(num, { numRuns: 300, seed: 23 });
    const parsed = texts.filter((t) => parseFormula(t, NAMES).ok);
    expect(parsed.length).toBeGreaterThan(texts.length * 0.9);
  });

  it.each([
    ['random text', fc.string({ maxLength: 300 })],
    ['the language’s own tokens', tokenText],
    ['well-formed formulas', num],
  ])('%s end in a value or a positioned error, never a throw', (_, texts) => {
    fc.assert(
      fc.property(texts, result, result, result, (text, a, b, c) => {
        expectPositioned(text);
        const r = parseFormula(text, NAMES);
        if (!r.ok) return;
        const v = evaluateFormula(
          r.ast,
          new Map([
            ['a', a],
            ['b', b],
            ['c', c],
          ]),
        );
        if (v.ok) expect(Number.isFinite(v.value)).toBe(true);
        else expect(v.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });

  it('the budget bounds nested predicates (work grows as the product of array sizes)', () => {
    // count([…30 items…], {count([…30 items…], {count([…], {# > 0}) > 0}) > 0}) ≈ 30³ visits
    const items = Array.from({ length: 30 }, () => 'a').join(',');
    const inner = `count([${items}], {# > 0}) > 0`;
    const middle = `count([${items}], {${inner}}) > 0`;
    const text = `count([${items}], {${middle}}) + count([${items}], {${middle}})`;
    const r = parseFormula(text, NAMES);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = evaluateFormula(r.ast, new Map([['a', { ok: true, value: 1 }]]));
    expect(v).toEqual({
      ok: false,
      message: `formula exceeds its budget of ${FORMULA_LIMITS.maxSteps} steps`,
    });
  });
});
