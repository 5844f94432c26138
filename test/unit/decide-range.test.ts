/**
 * Issue 22 case 8: a value or target the replica arithmetic cannot use (1e303 vs 1e303 gave NaN
 * replicas) is that metric's failure; no NaN, Infinity or null ever leaves decide or reaches a
 * `/scale` patch (the port's own last guard included).
 */
import fc from 'fast-check';
import { decide } from '../../lib/decide/decide.js';
import { checkMetricRanges, guardDecision, MAX_METRIC_VALUE } from '../../lib/decide/range.js';
import type { DecideInput, Decision } from '../../lib/decide/types.js';
import { assertReplicas, KubeApiError } from '../../lib/kube/port.js';
import type { MetricResult } from '../../lib/metrics/types.js';
import { createScales } from '../../lib/scales/scales.js';
import type { MetricTarget, ScalingSpec } from '../../lib/spec/types.js';
import { FakeKube } from '../support/fakeKube.js';

const NOW = new Date('2026-11-25T20:00:00Z');
const TARGET = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' };

function input(value: number, target: MetricTarget, extra: Partial<ScalingSpec> = {}): DecideInput {
  const spec: ScalingSpec = {
    form: 'full',
    target: TARGET,
    minReplicas: 1,
    maxReplicas: 50,
    metrics: [{ name: 'orders', http: { url: 'http://m/o', valuePath: 'v' }, target }],
    ...extra,
  };
  const metrics: MetricResult[] = [{ ok: true, value }];
  return { spec, currentReplicas: 5, statusReplicas: 5, metrics, now: NOW };
}
const avg = (averageValue: number): MetricTarget => ({ type: 'AverageValue', averageValue });
const val = (v: number): MetricTarget => ({ type: 'Value', value: v });

describe('values the arithmetic cannot use fail their metric', () => {
  it.each<[string, number, MetricTarget, string]>([
    ['1e303 vs 1e303 (was NaN)', 1e303, avg(1e303), 'metric orders'],
    ['1e303 vs a Value target', 1e303, val(1), 'metric orders'],
    ['a target of 1e303', 5, val(1e303), 'the target of metric orders'],
    ['Infinity', Infinity, avg(10), 'metric orders'],
    ['NaN', NaN, avg(10), 'metric orders'],
    ['-1e303', -1e303, avg(10), 'metric orders'],
    ['just above the bound', MAX_METRIC_VALUE * 1.01, avg(10), 'metric orders'],
  ])('%s: held at the current size, FailedGetMetric', (_, value, target, what) => {
    const i = input(value, target);
    expect(checkMetricRanges(i.spec, i.metrics)).toEqual([
      {
        ok: false,
        kind: 'parse',
        message: `${what} is out of range (a finite number up to 9000000000000000)`,
      },
    ]);
    const d = decide(i);
    expect(d).toMatchObject({ action: 'held', desiredReplicas: 5, reason: 'FailedGetMetric' });
    expect(JSON.stringify(d)).not.toMatch(/NaN|null|Infinity/);
  });

  it('the bound itself is used: 9e15 ÷ 1e15 per replica = 9', () => {
    expect(decide(input(MAX_METRIC_VALUE, avg(1e15)))).toMatchObject({ desiredReplicas: 9 });
  });

  it('fallback applies to an out-of-range value', () => {
    const i = input(1e303, avg(1e303), {
      fallback: { failureThreshold: 0, replicas: 7, behavior: 'static' },
    });
    expect(decide(i)).toMatchObject({ desiredReplicas: 7, fallbackActive: true });
  });

  it('a formula whose value is out of range fails as its metric', () => {
    const i = input(1e303, avg(1), {
      formula: {
        expression: 'orders',
        ast: { kind: 'ref', name: 'orders', pos: 1 },
        target: avg(1e303),
      },
    });
    expect(decide(i)).toMatchObject({ action: 'held', desiredReplicas: 5 });
  });
});

describe('whatever the numbers, decide returns a whole number of replicas', () => {
  const anyNumber = fc.oneof(
    fc.double(),
    fc.constantFrom(1e303, 1e308, -0, Number.MAX_VALUE, Number.MIN_VALUE, MAX_METRIC_VALUE),
  );
  it('property: desiredReplicas is a safe integer >= 0, computedReplicas finite', () => {
    fc.assert(
      fc.property(
        anyNumber,
        fc.double({ min: Number.MIN_VALUE, noNaN: true }),
        fc.boolean(),
        (v, t, a) => {
          const d = decide(input(v, a ? avg(t) : val(t)));
          expect(Number.isSafeInteger(d.desiredReplicas) && d.desiredReplicas >= 0).toBe(true);
          if (d.computedReplicas !== undefined)
            expect(Number.isFinite(d.computedReplicas)).toBe(true);
        },
      ),
    );
  });
});

describe('the last guards', () => {
  const base: Decision = {
    desiredReplicas: 4,
    action: 'scale',
    reason: 'orders above target',
    message: 'New size: 4',
    limited: 'DesiredWithinRange',
  };
  it.each<[string, number]>([
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['negative', -1],
    ['a fraction', 2.5],
  ])('a decision of %s replicas holds the current size', (_, n) => {
    const d = guardDecision({ ...base, desiredReplicas: n }, input(1, avg(1)));
    expect(d).toMatchObject({ action: 'held', desiredReplicas: 5, reason: 'FailedGetMetric' });
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-1', -1],
    ['1.5', 1.5],
    ['a string', '3'],
  ])('/scale refuses replicas %s before any request', async (_, n) => {
    expect(() => assertReplicas(TARGET, n)).toThrow(KubeApiError);
    const kube = new FakeKube().addWorkload('Deployment', 'shop', 'web', 3);
    const scales = createScales({ kube, limit: (t) => t(), warn: () => undefined }, []);
    await expect(
      scales.patch(TARGET, n as number, { specReplicas: 3, statusReplicas: 3 }),
    ).rejects.toMatchObject({ status: 422 });
    expect([kube.writes, kube.replicas('Deployment', 'shop', 'web')]).toEqual([[], 3]);
  });
});
