import fc from 'fast-check';
import { decide } from '../../lib/decide/decide.js';
import type { DecideInput } from '../../lib/decide/types.js';
import type { MetricResult } from '../../lib/metrics/types.js';
import type { MetricSpec, MetricTarget, ScalingSpec } from '../../lib/spec/types.js';

const NOW = new Date('2026-11-25T20:00:00Z');
const TARGET = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' };
const FAILED: MetricResult = { ok: false, kind: 'http', message: 'm/q answered 503' };

const targetArb: fc.Arbitrary<MetricTarget> = fc.oneof(
  fc
    .integer({ min: 1, max: 1000 })
    .map((v) => ({ type: 'AverageValue' as const, averageValue: v })),
  fc.integer({ min: 1, max: 1000 }).map((v) => ({ type: 'Value' as const, value: v })),
  fc
    .double({ min: 0.001, max: 1000, noNaN: true })
    .map((v) => ({ type: 'Value' as const, value: v })),
);
const valueArb = fc.oneof(
  fc.integer({ min: 0, max: 1_000_000 }),
  fc.double({ min: 0, max: 1e6, noNaN: true }),
);
const resultArb: fc.Arbitrary<MetricResult> = fc.oneof(
  valueArb.map((value): MetricResult => ({ ok: true, value })),
  fc.constant(FAILED),
);
const metricArb = fc.record({ target: targetArb, result: resultArb });

/** min ≤ max, current within [min, max] (so never the paused 0 < min case). */
const boundsArb = fc
  .record({ min: fc.integer({ min: 0, max: 10 }), span: fc.integer({ min: 0, max: 40 }) })
  .chain(({ min, span }) =>
    fc.record({
      min: fc.constant(min),
      max: fc.constant(min + span),
      current: fc.integer({ min, max: min + span }),
      status: fc.integer({ min: 0, max: 60 }),
    }),
  );

function fullInput(
  b: { min: number; max: number; current: number; status: number },
  metrics: readonly { target: MetricTarget; result: MetricResult }[],
): DecideInput {
  const specs: MetricSpec[] = metrics.map((m, i) => ({
    name: `m${i}`,
    http: { url: `http://m/${i}`, valuePath: 'v' },
    target: m.target,
  }));
  const spec: ScalingSpec = {
    form: 'full',
    target: TARGET,
    minReplicas: b.min,
    maxReplicas: b.max,
    metrics: specs,
  };
  return {
    spec,
    currentReplicas: b.current,
    statusReplicas: b.status,
    metrics: metrics.map((m) => m.result),
    now: NOW,
  };
}

describe('decide properties, full form', () => {
  it('min ≤ desired ≤ max whenever it scales or keeps, and held keeps current', () => {
    fc.assert(
      fc.property(boundsArb, fc.array(metricArb, { minLength: 1, maxLength: 4 }), (b, ms) => {
        const d = decide(fullInput(b, ms));
        expect(Number.isInteger(d.desiredReplicas)).toBe(true);
        if (d.action === 'held') {
          expect(d.desiredReplicas).toBe(b.current);
        } else {
          expect(d.desiredReplicas).toBeGreaterThanOrEqual(b.min);
          expect(d.desiredReplicas).toBeLessThanOrEqual(b.max);
          expect(d.action === 'scale').toBe(d.desiredReplicas !== b.current);
        }
      }),
    );
  });

  it('a failing metric never causes a scale-down', () => {
    const withFailure = fc
      .array(metricArb, { minLength: 0, maxLength: 3 })
      .chain((ms) =>
        fc
          .integer({ min: 0, max: ms.length })
          .map((at) => [
            ...ms.slice(0, at),
            { target: ms[0]?.target ?? { type: 'Value' as const, value: 1 }, result: FAILED },
            ...ms.slice(at),
          ]),
      );
    fc.assert(
      fc.property(boundsArb, withFailure, (b, ms) => {
        const d = decide(fullInput(b, ms));
        expect(d.desiredReplicas).toBeGreaterThanOrEqual(b.current);
        expect(d.failedMetric).toBe(ms.findIndex((m) => !m.result.ok));
      }),
    );
  });

  it('a usage ratio within 0.9..1.1 (inclusive) leaves the replicas unchanged', () => {
    const caseArb = fc
      .record({
        current: fc.integer({ min: 1, max: 50 }),
        t: fc.integer({ min: 1, max: 1000 }),
        average: fc.boolean(),
      })
      .chain(({ current, t, average }) => {
        // integer usage U with 0.9 ≤ U / (T × n) ≤ 1.1, n = current for AverageValue, 1 for Value
        const base = average ? t * current : t;
        const u = fc.integer({
          min: Math.ceil((base * 9) / 10),
          max: Math.floor((base * 11) / 10),
        });
        return fc.record({
          current: fc.constant(current),
          t: fc.constant(t),
          average: fc.constant(average),
          u,
        });
      });
    fc.assert(
      fc.property(caseArb, ({ current, t, average, u }) => {
        const target: MetricTarget = average
          ? { type: 'AverageValue', averageValue: t }
          : { type: 'Value', value: t };
        const b = { min: 1, max: 50, current, status: current };
        const d = decide(fullInput(b, [{ target, result: { ok: true, value: u } }]));
        expect(d).toMatchObject({
          action: 'unchanged',
          desiredReplicas: current,
          computedReplicas: current,
        });
      }),
    );
  });

  it('the order of the metrics does not change the size', () => {
    fc.assert(
      fc.property(boundsArb, fc.array(metricArb, { minLength: 1, maxLength: 4 }), (b, ms) => {
        const forward = decide(fullInput(b, ms));
        const backward = decide(fullInput(b, [...ms].reverse()));
        expect(backward.desiredReplicas).toBe(forward.desiredReplicas);
        expect(backward.action).toBe(forward.action);
      }),
    );
  });
});

describe('decide properties, original form', () => {
  it('desired is always within [minReplicas, maxReplicas], and equals computed inside the band', () => {
    const arb = fc
      .record({
        minUsers: fc.integer({ min: 0, max: 10_000 }),
        usersSpan: fc.integer({ min: 1, max: 100_000 }),
        minR: fc.integer({ min: 0, max: 20 }),
        replicaSpan: fc.integer({ min: 0, max: 100 }),
        current: fc.integer({ min: 0, max: 200 }),
      })
      .chain((r) =>
        fc.record({
          r: fc.constant(r),
          users: fc.oneof(
            fc.integer({ min: 0, max: 200_000 }),
            fc.double({ min: 0, max: 200_000, noNaN: true }),
            fc.integer({ min: r.minUsers, max: r.minUsers + r.usersSpan }),
          ),
        }),
      );
    fc.assert(
      fc.property(arb, ({ r, users }) => {
        const thresholds = { minUsers: r.minUsers, maxUsers: r.minUsers + r.usersSpan };
        const spec: ScalingSpec = {
          form: 'original',
          target: TARGET,
          minReplicas: r.minR,
          maxReplicas: r.minR + r.replicaSpan,
          metrics: [
            { name: 'active_users', http: { url: 'http://m/u', valuePath: 'active_users' } },
          ],
          thresholds,
        };
        const d = decide({
          spec,
          currentReplicas: r.current,
          statusReplicas: r.current,
          metrics: [{ ok: true, value: users }],
          now: NOW,
        });
        expect(d.action).not.toBe('held');
        expect(Number.isInteger(d.desiredReplicas)).toBe(true);
        expect(d.desiredReplicas).toBeGreaterThanOrEqual(spec.minReplicas);
        expect(d.desiredReplicas).toBeLessThanOrEqual(spec.maxReplicas);
        if (users >= thresholds.minUsers && users <= thresholds.maxUsers) {
          expect(d.computedReplicas).toBe(d.desiredReplicas);
        }
      }),
    );
  });
});
