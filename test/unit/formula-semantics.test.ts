/**
 * Where a formula's meaning here is a choice, not expr's or KEDA's by default (docs/formula.md,
 * "Coming from KEDA: formulas"): one table or test per row.
 */
import { decide } from '../../lib/decide/decide.js';
import type { DecideInput, Decision } from '../../lib/decide/types.js';
import { formulaValue } from '../../lib/formula/apply.js';
import type { MetricResult } from '../../lib/metrics/types.js';
import { parseScaling } from '../../lib/spec/parse.js';
import type { ScalingSpec } from '../../lib/spec/types.js';
import { FULL, expectSpec, type Json } from '../support/specFixtures.js';

const ok = (value: number): MetricResult => ({ ok: true, value });
const DOWN: MetricResult = { ok: false, kind: 'http', message: 'HTTP 404' };
const METRICS: Json[] = [
  { name: 'primary', http: { url: 'http://m/primary' } },
  { name: 'secondary', http: { url: 'http://m/secondary' } },
];

function spec(expression: string, formula: Json = {}, more: Json = {}): ScalingSpec {
  const target = { type: 'AverageValue', averageValue: 2 };
  return expectSpec(
    parseScaling({
      ...FULL,
      minReplicas: 1,
      maxReplicas: 20,
      metrics: METRICS,
      formula: { expression, target, ...formula },
      behavior: {
        scaleUp: { stabilizationWindowSeconds: 0 },
        scaleDown: { stabilizationWindowSeconds: 0 },
      },
      ...more,
    }),
  );
}

/** Runs `decide` once per metric row, handing the state on, as the controller does. */
function runs(s: ScalingSpec, rows: MetricResult[][], current = 8): Decision[] {
  const out: Decision[] = [];
  let state: DecideInput['state'];
  let replicas = current;
  rows.forEach((metrics, i) => {
    const d = decide({
      spec: s,
      currentReplicas: replicas,
      statusReplicas: replicas,
      metrics,
      now: new Date(Date.UTC(2026, 11, 7, 2, 0, i * 15)),
      ...(state !== undefined && { state }),
    });
    out.push(d);
    state = d.state;
    replicas = d.desiredReplicas;
  });
  return out;
}

const FALLBACK = { fallback: { failureThreshold: 3, replicas: 4 } };

describe('?? and a failed metric', () => {
  it('OnFailure (default): ?? takes over on the run the read fails', () => {
    const s = spec('primary ?? secondary ?? 8');
    const d = runs(s, [
      [ok(16), ok(12)],
      [DOWN, ok(12)],
      [DOWN, DOWN],
    ]);
    expect(d.map((x) => x.desiredReplicas)).toEqual([8, 6, 4]); // 16/2, 12/2, 8/2
  });

  // KEDA tests/internals/fallback/fallback_scaling_modifiers_test.go, failureThreshold 3
  it('AfterFailureThreshold (KEDA): held for 3 failed runs, nil from the 4th', () => {
    const s = spec('primary ?? secondary ?? 8', { coalesce: 'AfterFailureThreshold' }, FALLBACK);
    const d = runs(s, [
      [ok(16), ok(12)],
      [DOWN, ok(12)],
      [DOWN, ok(12)],
      [DOWN, ok(12)],
      [DOWN, ok(12)], // 4 failed runs > 3: primary is nil → secondary
      [DOWN, DOWN], // both nil → the literal 8, not fallback.replicas
      [ok(16), ok(12)], // recovered
    ]);
    expect(d.map((x) => x.desiredReplicas)).toEqual([8, 8, 8, 8, 6, 4, 8]);
    expect(d.map((x) => x.action)).toEqual([
      'unchanged', 'held', 'held', 'held', 'scale', 'scale', 'scale',
    ]); // prettier-ignore
    expect(d.map((x) => x.state?.failureCount)).toEqual([0, 1, 2, 3, 4, 5, 0]);
    expect(d.slice(4, 6).map((x) => x.fallbackActive)).toEqual([false, false]);
  });

  it('AfterFailureThreshold: any failed read holds until the threshold, used or not (KEDA)', () => {
    const keda = spec('primary ?? secondary', { coalesce: 'AfterFailureThreshold' }, FALLBACK);
    expect(formulaValue(keda, [ok(16), DOWN], 0)).toMatchObject({
      ok: false,
      kind: 'http',
      message: expect.stringContaining('metric secondary failed') as unknown,
    });
    expect(formulaValue(keda, [ok(16), DOWN], 3)).toEqual({ ok: true, value: 16 }); // 4th run
    expect(formulaValue(spec('primary ?? secondary'), [ok(16), DOWN])).toEqual({
      ok: true,
      value: 16,
    });
  });

  it('AfterFailureThreshold: with every read failed and no literal, fallback.replicas', () => {
    const s = spec('primary ?? secondary', { coalesce: 'AfterFailureThreshold' }, FALLBACK);
    const d = runs(s, [
      [DOWN, DOWN],
      [DOWN, DOWN],
      [DOWN, DOWN],
      [DOWN, DOWN],
    ]);
    expect(d.at(-1)).toMatchObject({ desiredReplicas: 4, fallbackActive: true });
  });

  it('AfterFailureThreshold: only nil is replaced; a division by zero goes through ??', () => {
    const s = spec('(primary / secondary) ?? 8', { coalesce: 'AfterFailureThreshold' }, FALLBACK);
    expect(formulaValue(s, [ok(1), ok(0)])).toMatchObject({ ok: false });
    expect(formulaValue(spec('(primary / secondary) ?? 8'), [ok(1), ok(0)])).toEqual({
      ok: true,
      value: 8,
    });
  });

  it('AfterFailureThreshold needs spec.fallback', () => {
    const r = parseScaling({
      ...FULL,
      metrics: METRICS,
      formula: { expression: 'primary ?? 1', target: { type: 'AverageValue', averageValue: 2 } },
    });
    expect(r.ok).toBe(true);
    const bad = parseScaling({
      ...FULL,
      metrics: METRICS,
      formula: {
        expression: 'primary ?? 1',
        target: { type: 'AverageValue', averageValue: 2 },
        coalesce: 'AfterFailureThreshold',
      },
    });
    expect(bad.ok ? [] : bad.errors).toContainEqual({
      field: 'spec.formula.coalesce',
      message: 'AfterFailureThreshold needs spec.fallback (its failureThreshold)',
    });
  });
});

describe('the value: milli-units, division by zero, negative', () => {
  it.each<[string, number[], number | string]>([
    // KEDA SetMilli(int64(out * 1000)): 2.0009 → 2000m (toward zero), not 2001m
    ['primary', [2.0009, 0], 2],
    ['primary / 3', [1, 0], 0.333],
    ['primary / secondary', [1, 0], 'division by zero at position 9'], // expr: +Inf
    ['primary - secondary', [1, 2], 'formula value is negative'], // KEDA: a negative metric
    ['max(0, primary - secondary)', [1, 2], 0],
  ])('%s with %j → %s', (expression, [a, b], expected) => {
    const v = formulaValue(spec(expression), [ok(a!), ok(b!)]);
    if (typeof expected === 'number') expect(v).toEqual({ ok: true, value: expected });
    else expect(v?.ok ? '' : v?.message).toContain(expected);
  });

  it('truncation decides the replicas as in KEDA (2.0009 per 1 → 2 replicas, not 3)', () => {
    const s = spec('primary', { target: { type: 'AverageValue', averageValue: 1 } });
    expect(runs(s, [[ok(2.0009), ok(0)]], 1)[0]!.desiredReplicas).toBe(2);
  });
});
