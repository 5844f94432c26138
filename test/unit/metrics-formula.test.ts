/** The formula's evaluator, its spec field, and the decision with a formula (one table each). */
import { decide } from '../../lib/decide/decide.js';
import type { DecideInput } from '../../lib/decide/types.js';
import { evaluateFormula } from '../../lib/formula/evaluate.js';
import { parseFormula } from '../../lib/formula/parse.js';
import type { MetricResult } from '../../lib/metrics/types.js';
import { parseScaling } from '../../lib/spec/parse.js';
import type { ScalingSpec } from '../../lib/spec/types.js';
import { replay } from '../../lib/simulate/replay.js';
import { toTable } from '../../lib/simulate/render.js';
import { parseSeries } from '../../lib/simulate/series.js';
import fc from 'fast-check';
import { FULL, expectSpec, type Json } from '../support/specFixtures.js';

const ok = (value: number): MetricResult => ({ ok: true, value });
const FAIL: MetricResult = { ok: false, kind: 'timeout', message: 'm/q timed out after 5000 ms' };
const AUTH: MetricResult = { ok: false, kind: 'auth', message: 'secret s may not be sent to m' };

function evaluate(text: string, values: Record<string, MetricResult>) {
  const r = parseFormula(text, Object.keys(values));
  if (!r.ok) throw new Error(r.message);
  return evaluateFormula(r.ast, new Map(Object.entries(values)));
}

describe('evaluateFormula', () => {
  it.each<[string, Record<string, MetricResult>, number | string]>([
    ['a / 10', { a: ok(250) }, 25],
    ['max(a / 10, b / 100)', { a: ok(20), b: ok(1000) }, 10], // max(2, 10)
    ['a - b', { a: ok(3), b: ok(5) }, -2],
    ['abs(a - b)', { a: ok(3), b: ok(5) }, 2],
    ['min(a, b, 7)', { a: ok(9), b: ok(8) }, 7],
    ['a > 10 ? a : 0', { a: ok(11) }, 11],
    ['a > 10 ? a : 0', { a: ok(10) }, 0],
    ['a >= 10 ? 1 : 0', { a: ok(10) }, 1],
    ['a == b ? 1 : 0', { a: ok(1), b: ok(2) }, 0],
    ['a != b ? 1 : 0', { a: ok(1), b: ok(2) }, 1],
    // ?? takes the right side when the left metric failed, and only then
    ['q ?? e', { q: FAIL, e: ok(40) }, 40],
    ['q ?? e', { q: ok(3), e: ok(40) }, 3],
    ['q ?? e ?? 8', { q: FAIL, e: FAIL }, 8],
    ['(a / b) ?? 1', { a: ok(3), b: ok(0) }, 1], // division by zero is a failure too
    // ?: evaluates only the side it takes
    ['a > 0 ? a : q', { a: ok(2), q: FAIL }, 2],
    // failures name the metric or the position
    ['a + q', { a: ok(1), q: FAIL }, 'metric q failed (timeout: m/q timed out after 5000 ms)'],
    ['a / b', { a: ok(1), b: ok(0) }, 'division by zero at position 3'],
    ['max(a, q)', { a: ok(1), q: FAIL }, 'metric q failed'],
    ['q > 1 ? 1 : 2', { q: FAIL }, 'metric q failed'],
  ])('%s with %j → %s', (text, values, expected) => {
    const r = evaluate(text, values);
    if (typeof expected === 'number') expect(r).toEqual({ ok: true, value: expected });
    else expect(r.ok ? '' : r.message).toContain(expected);
  });

  it('keeps the failed metric kind (auth stays auth for the Ready reason)', () => {
    expect(evaluate('a + q', { a: ok(1), q: AUTH })).toMatchObject({ ok: false, kind: 'auth' });
  });

  it('never throws, whatever the metric results (property)', () => {
    const result = fc.oneof(
      fc.double({ noNaN: false }).map((value): MetricResult => ({ ok: true, value })),
      fc.constant(FAIL),
    );
    const text = 'max(a / b, -c) ?? (a > b ? a * c : b - c) ?? abs(c / a)';
    fc.assert(
      fc.property(result, result, result, (a, b, c) => {
        const r = evaluate(text, { a, b, c });
        if (r.ok) expect(Number.isFinite(r.value)).toBe(true);
      }),
    );
  });
});

const METRICS: Json[] = [
  { name: 'orders', http: { url: 'http://m/orders' } },
  { name: 'signups', http: { url: 'http://m/signups' } },
];
const withFormula = (formula: Json, more: Json = {}): Json => ({
  ...FULL,
  metrics: METRICS,
  formula,
  ...more,
});
const TARGET = { type: 'AverageValue', averageValue: 10 };

describe('spec.formula parsing', () => {
  it('parses once; metrics need no target of their own', () => {
    const spec = expectSpec(
      parseScaling(withFormula({ expression: 'orders / 2', target: TARGET })),
    );
    expect(spec.formula).toMatchObject({
      expression: 'orders / 2',
      target: { type: 'AverageValue', averageValue: 10 },
      ast: { kind: 'bin', op: '/' },
    });
    expect(spec.metrics[0]!.target).toBeUndefined();
  });

  it.each<[string, Json, string, string]>([
    [
      'invalid expression: the position',
      withFormula({ expression: 'orders +* 2', target: TARGET }),
      'spec.formula.expression',
      'is invalid: unexpected token "*" at position 9',
    ],
    [
      'unknown metric',
      withFormula({ expression: 'users / 2', target: TARGET }),
      'spec.formula.expression',
      'is invalid: unknown metric users at position 1',
    ],
    ['no target', withFormula({ expression: 'orders' }), 'spec.formula.target', 'is required'],
    [
      'metric without target and no formula',
      { ...FULL, metrics: METRICS },
      'spec.metrics[0].target',
      'is required',
    ],
    [
      'activationTarget needs minReplicas 0',
      withFormula({ expression: 'orders', target: TARGET, activationTarget: 5 }),
      'spec.formula.activationTarget',
      'needs minReplicas 0',
    ],
  ])('%s', (_, spec, field, message) => {
    const r = parseScaling(spec);
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors;
    expect(errors.find((e) => e.field === field)?.message).toContain(message);
  });
});

function formulaSpec(expression: string, more: Json = {}): ScalingSpec {
  return expectSpec(
    parseScaling(withFormula({ expression, target: TARGET, ...more }, { minReplicas: 1 })),
  );
}
const input = (spec: ScalingSpec, current: number, metrics: MetricResult[]): DecideInput => ({
  spec,
  currentReplicas: current,
  statusReplicas: current,
  metrics,
  now: new Date('2026-11-25T20:00:00Z'),
});

describe('decide with a formula: the formula value goes through the HPA arithmetic', () => {
  it.each<[string, DecideInput, number, string]>([
    // max(200/10, 3000/100) = 30; AverageValue 10 → ceil(30/10) = 3
    [
      'orders per replica, never below a tenth of the sign-ups',
      input(formulaSpec('max(orders, signups / 10)'), 1, [ok(20), ok(300)]),
      3,
      'formula above target',
    ],
    // orders failed → signups 80 → ceil(80 / 10) = 8
    [
      'fallback chain with ??',
      input(formulaSpec('orders ?? signups'), 4, [FAIL, ok(80)]),
      8,
      'formula above target',
    ],
    // orders failed, no ?? → the formula failed: held at 4
    [
      'failed metric fails the formula',
      input(formulaSpec('orders + signups'), 4, [FAIL, ok(80)]),
      4,
      'FailedGetMetric',
    ],
    // an auth failure keeps its reason
    [
      'auth failure reason',
      input(formulaSpec('orders + signups'), 4, [AUTH, ok(80)]),
      4,
      'InvalidSpec',
    ],
    // the per-metric proposals would say max(ceil(500/10), …): the formula 5 → 1 replica
    [
      'only the formula counts',
      input(formulaSpec('orders / 100'), 1, [ok(500), ok(9000)]),
      1,
      'DesiredWithinRange',
    ],
  ])('%s', (_, given, desired, reason) => {
    const d = decide(given);
    expect(d.desiredReplicas).toBe(desired);
    expect(`${d.reason} ${d.limited}`).toContain(reason);
    expect(d.formula).toBeDefined();
  });

  it('falls back as configured when the formula fails', () => {
    const spec = expectSpec(
      parseScaling(
        withFormula(
          { expression: 'orders + signups', target: TARGET },
          { fallback: { failureThreshold: 1, replicas: 6 } },
        ),
      ),
    );
    const d = decide({ ...input(spec, 2, [FAIL, ok(1)]), state: { failureCount: 1 } });
    // fallback 6, capped at max(2 × 2, 4) = 4 this run (no behavior: the HPA's legacy path)
    expect(d).toMatchObject({ desiredReplicas: 4, fallbackActive: true });
  });

  it('activationTarget compares the formula value (minReplicas 0)', () => {
    const spec = expectSpec(
      parseScaling(
        withFormula(
          { expression: 'orders - signups', target: TARGET, activationTarget: 5 },
          { minReplicas: 0 },
        ),
      ),
    );
    expect(decide(input(spec, 0, [ok(14), ok(10)])).desiredReplicas).toBe(0); // 4 ≤ 5
    expect(decide(input(spec, 0, [ok(16), ok(10)])).desiredReplicas).toBe(1); // 6 > 5
  });
});

describe('simulate shows the formula value', () => {
  it('adds a FORMULA column', () => {
    const spec = formulaSpec('orders ?? (signups / 10)');
    const series = parseSeries('time,orders,signups\n0,20,100\n60,,300\n');
    const table = toTable(replay(spec, series, { initialReplicas: 1 }));
    expect(table.split('\n')[0]).toMatch(/ORDERS\s+SIGNUPS\s+FORMULA/);
    expect(table.split('\n')[2]).toMatch(/!failed\s+300\s+30\s/);
  });
});
