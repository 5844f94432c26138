/**
 * Scale-ups inside a longer scale-down period: the case where keeping every event for the
 * longest period of either direction differs from the HPA. The oracle below is a literal
 * transcription of the HPA's in-memory lists (`storeScaleEvent`, `markScaleEventsOutdated`:
 * arrays mutated in place, outdated flags, the last outdated slot reused); the subject is the
 * reconciler's own path with a fresh instance per tick (`replay`, state through status).
 */
import fc from 'fast-check';
import { resolveBehavior } from '../../lib/behavior/defaults.js';
import type { Behavior } from '../../lib/behavior/types.js';
import { decide } from '../../lib/decide/decide.js';
import { replay } from '../../lib/simulate/replay.js';
import type { Series } from '../../lib/simulate/series.js';
import type { ScalingSpec } from '../../lib/spec/types.js';
import { runOneProcess, SERIES_START, seriesOfTicks } from '../support/builders/oneProcess.js';
import { webSpec } from '../support/builders/specs.js';

const START = SERIES_START;

interface GoEvent {
  replicaChange: number;
  timestamp: number; // ms
  outdated: boolean;
}

/** The HPA's controller, one long process: its two lists live in memory only. */
class OracleHpa {
  up: GoEvent[] = [];
  down: GoEvent[] = [];
  constructor(private readonly behavior: Behavior) {}

  store(prev: number, next: number, now: number) {
    const rules = next > prev ? this.behavior.scaleUp : this.behavior.scaleDown;
    const list = next > prev ? this.up : this.down;
    const longest = Math.max(...rules.policies.map((p) => p.periodSeconds));
    const cutoff = now - longest * 1000;
    let found = -1;
    for (let i = 0; i < list.length; i++) {
      if (list[i]!.timestamp < cutoff) list[i]!.outdated = true;
    }
    for (let i = 0; i < list.length; i++) if (list[i]!.outdated) found = i;
    const event = { replicaChange: Math.abs(next - prev), timestamp: now, outdated: false };
    if (found >= 0) list[found] = event;
    else list.push(event);
  }

  /** The events in the shape `decide` reads (seconds, as the HPA's own time in whole seconds). */
  lists() {
    const toEvent = (e: GoEvent) => ({ time: e.timestamp / 1000, change: e.replicaChange });
    return { scaleUpEvents: this.up.map(toEvent), scaleDownEvents: this.down.map(toEvent) };
  }
}

function runOracle(spec: ScalingSpec, series: Series): number[] {
  const oracle = new OracleHpa(spec.behavior!);
  return runOneProcess(spec, series, (input, at) => {
    const { state } = input;
    const history = state?.history;
    const d = decide({
      ...input,
      state: history ? { ...state, history: { ...history, ...oracle.lists() } } : state,
    });
    if (d.action === 'scale') oracle.store(input.currentReplicas, d.desiredReplicas, at);
    return { decision: d, state: d.state };
  });
}

const policy = (min: number, max: number) =>
  fc.record({
    type: fc.constantFrom('Pods' as const, 'Percent' as const),
    value: fc.integer({ min: 1, max: 100 }),
    periodSeconds: fc.integer({ min, max }),
  });
/** Short scale-up periods, long scale-down periods: scale-ups fall inside a scale-down period. */
const specArb: fc.Arbitrary<ScalingSpec> = fc
  .record({
    up: fc.array(policy(1, 60), { minLength: 1, maxLength: 2 }),
    down: fc.array(policy(120, 1800), { minLength: 1, maxLength: 2 }),
    downWindow: fc.integer({ min: 0, max: 120 }),
    max: fc.integer({ min: 5, max: 60 }),
  })
  .map((r) => ({
    ...webSpec(10),
    maxReplicas: r.max,
    behavior: resolveBehavior({
      scaleUp: { policies: r.up },
      scaleDown: { policies: r.down, stabilizationWindowSeconds: r.downWindow },
    }),
  }));
const seriesArb: fc.Arbitrary<Series> = fc
  .array(fc.record({ gap: fc.integer({ min: 5, max: 90 }), value: fc.nat(600) }), {
    minLength: 2,
    maxLength: 50,
  })
  .map(seriesOfTicks);

describe('scale events: scale-ups inside a longer scale-down period', () => {
  it('a fresh instance per tick gives what the HPA gives in one long process', () => {
    fc.assert(
      fc.property(specArb, seriesArb, (spec, series) => {
        expect(replay(spec, series).map((t) => t.replicas)).toEqual(runOracle(spec, series));
      }),
      { numRuns: 400 },
    );
  });

  it('a reused up slot no longer counts against the scale-down period', () => {
    // up: default (4 pods / 100 % per 15 s); down: 50 % per 600 s, no stabilization
    const s: ScalingSpec = {
      ...webSpec(10),
      behavior: resolveBehavior({
        scaleDown: {
          stabilizationWindowSeconds: 0,
          policies: [{ type: 'Percent', value: 50, periodSeconds: 600 }],
        },
      }),
    };
    const row = (t: number, q: number) => ({ time: t, at: START + t * 1000, values: { q } });
    // t 0: 1 → 5 (+4); t 30: 5 → 10 (+5, reuses the outdated +4 slot: ups in 600 s = 5)
    // t 60: start of the 600 s period = 10 − 5 = 5 → trunc(5 × 0.5) = 2, not 1
    const series: Series = { names: ['q'], rows: [row(0, 50), row(30, 100), row(60, 1)] };
    expect(replay(s, series).map((t) => t.replicas)).toEqual([5, 10, 2]);
    expect(runOracle(s, series)).toEqual([5, 10, 2]);
  });
});
