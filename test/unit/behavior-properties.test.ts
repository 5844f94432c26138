/**
 * Properties of the whole pipeline over random series: bounds always hold, a failure never
 * scales down without a fallback, and persisting the state in status on every tick (a fresh
 * instance per tick) gives exactly what one long process keeping it in memory gives.
 */
import fc from 'fast-check';
import { resolveBehavior } from '../../lib/behavior/defaults.js';
import { decide } from '../../lib/decide/decide.js';
import { advanceState } from '../../lib/decide/state.js';
import { replay } from '../../lib/simulate/replay.js';
import type { Series } from '../../lib/simulate/series.js';
import type { ScalingSpec } from '../../lib/spec/types.js';
import { runOneProcess, SERIES_START, seriesOfTicks } from '../support/builders/oneProcess.js';
import { webSpec } from '../support/builders/specs.js';

const START = SERIES_START;

const policyArb = fc.record({
  type: fc.constantFrom('Pods' as const, 'Percent' as const),
  value: fc.integer({ min: 1, max: 200 }),
  periodSeconds: fc.integer({ min: 1, max: 300 }),
});
const rulesArb = fc.record(
  {
    stabilizationWindowSeconds: fc.integer({ min: 0, max: 600 }),
    selectPolicy: fc.constantFrom('Max' as const, 'Min' as const, 'Disabled' as const),
    policies: fc.array(policyArb, { minLength: 1, maxLength: 3 }),
    tolerance: fc.constantFrom(0, 0.05, 0.1, 0.3),
  },
  { requiredKeys: [] },
);
const specArb: fc.Arbitrary<ScalingSpec> = fc
  .record({
    min: fc.integer({ min: 0, max: 5 }),
    span: fc.integer({ min: 0, max: 30 }),
    target: fc.integer({ min: 1, max: 50 }),
    behavior: fc.option(
      fc.record({ scaleUp: rulesArb, scaleDown: rulesArb }, { requiredKeys: [] }),
      { nil: undefined },
    ),
    fallback: fc.option(
      fc.record({
        failureThreshold: fc.integer({ min: 0, max: 3 }),
        replicas: fc.integer({ min: 0, max: 40 }),
        behavior: fc.constantFrom(
          'static' as const,
          'currentReplicas' as const,
          'currentReplicasIfHigher' as const,
          'currentReplicasIfLower' as const,
          'lastKnownValue' as const,
        ),
        maxAgeSeconds: fc.integer({ min: 1, max: 300 }),
      }),
      { nil: undefined },
    ),
    cooldown: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
  })
  .map((r) => ({
    ...webSpec(r.target),
    minReplicas: r.cooldown === undefined ? Math.max(1, r.min) : 0,
    maxReplicas: Math.max(1, r.min) + r.span,
    ...(r.behavior && { behavior: resolveBehavior(r.behavior) }),
    ...(r.fallback && { fallback: r.fallback }),
    ...(r.cooldown !== undefined && {
      activation: { threshold: 10, cooldownPeriodSeconds: r.cooldown },
    }),
  }));
const seriesArb: fc.Arbitrary<Series> = fc
  .array(
    fc.record({
      gap: fc.integer({ min: 1, max: 120 }),
      value: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined, freq: 6 }),
    }),
    {
      minLength: 1,
      maxLength: 40,
    },
  )
  .map(seriesOfTicks);

/** One long process: the state stays in memory, never serialized. */
const runInMemory = (spec: ScalingSpec, series: Series): number[] =>
  runOneProcess(spec, series, (input) => {
    const d = decide(input);
    const state = advanceState(spec, d, input.currentReplicas, d.action === 'scale', input.now);
    return { decision: d, state };
  });

describe('pipeline properties over random series', () => {
  it('a fresh instance per tick (state through status) = one process with the state in memory', () => {
    fc.assert(
      fc.property(specArb, seriesArb, (spec, series) => {
        expect(replay(spec, series).map((t) => t.replicas)).toEqual(runInMemory(spec, series));
      }),
      { numRuns: 2000 },
    );
  });

  it('found by the property above: the first run’s seed shares its second with the newest', () => {
    // Only the newest recommendation stands through later runs; the seed (current replicas,
    // recorded on first sight in the same second) was seen once (lib/behavior/standing.ts).
    const spec: ScalingSpec = {
      ...webSpec(1),
      maxReplicas: 2,
      behavior: resolveBehavior({
        scaleUp: { stabilizationWindowSeconds: 2 },
        scaleDown: { stabilizationWindowSeconds: 300 },
      }),
    };
    const at = (s: number) => START + s * 1000;
    const series: Series = {
      names: ['q'],
      rows: [266, 266, 2].map((q, i) => ({ time: i + 1, at: at(i + 1), values: { q } })),
    };
    expect(replay(spec, series).map((t) => t.replicas)).toEqual(runInMemory(spec, series));
  });

  it('min ≤ replicas ≤ max after every tick', () => {
    fc.assert(
      fc.property(specArb, seriesArb, (spec, series) => {
        for (const t of replay(spec, series)) {
          expect(t.replicas).toBeGreaterThanOrEqual(t.minReplicas);
          expect(t.replicas).toBeLessThanOrEqual(t.maxReplicas);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('without fallback, a tick whose metric failed never scales down', () => {
    fc.assert(
      fc.property(specArb, seriesArb, (spec0, series) => {
        const spec: ScalingSpec = { ...spec0, fallback: undefined };
        const ticks = replay(spec, series);
        ticks.forEach((t, i) => {
          const before = i === 0 ? spec.minReplicas : ticks[i - 1]!.replicas;
          if (t.metrics.q === null) expect(t.replicas).toBeGreaterThanOrEqual(before);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('within the tolerance band nothing changes, with or without behavior', () => {
    fc.assert(
      fc.property(
        specArb,
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 90, max: 110 }),
        (spec, current, pct) => {
          fc.pre(
            current >= spec.minReplicas &&
              current <= spec.maxReplicas &&
              spec.activation === undefined,
          );
          const tol = spec.behavior
            ? Math.min(spec.behavior.scaleUp.tolerance, spec.behavior.scaleDown.tolerance)
            : 0.1;
          fc.pre(Math.abs(pct - 100) <= tol * 100);
          const target = spec.metrics[0]!.target!;
          const per = target.type === 'AverageValue' ? target.averageValue : 1;
          // usage = current × per × pct %: ratio pct/100, inside the band
          const value = (current * per * pct) / 100;
          const d = decide({
            spec,
            currentReplicas: current,
            statusReplicas: current,
            metrics: [{ ok: true, value }],
            now: new Date(START),
          });
          expect(d.desiredReplicas).toBe(current);
        },
      ),
      { numRuns: 300 },
    );
  });
});
