/**
 * One long process over a series, for the properties that compare it with `replay` (a fresh
 * instance per tick, state through status): random-tick series and the tick loop.
 */
import type { DecideInput, Decision, ScalingState } from '../../../lib/decide/types.js';
import { toMetricResults } from '../../../lib/simulate/replay.js';
import type { Series } from '../../../lib/simulate/series.js';
import type { ScalingSpec } from '../../../lib/spec/types.js';

export const SERIES_START = Date.parse('2026-11-25T08:00:00Z');

/** Metric `q` over ticks `gap` seconds apart, the first one `gap` after SERIES_START. */
export function seriesOfTicks(ticks: { gap: number; value: number | undefined }[]): Series {
  let at = SERIES_START;
  return {
    names: ['q'],
    rows: ticks.map((t) => {
      at += t.gap * 1000;
      return { time: (at - SERIES_START) / 1000, at, values: { q: t.value } };
    }),
  };
}

/** What one tick decided and the state the process keeps for the next one. */
export interface TickOutcome {
  decision: Decision;
  state: ScalingState | undefined;
}

/**
 * Runs `tick` on every row, from minReplicas and no state; the replicas follow each scale
 * decision. Returns the replicas after each tick.
 */
export function runOneProcess(
  spec: ScalingSpec,
  series: Series,
  tick: (input: DecideInput, at: number) => TickOutcome,
): number[] {
  let current = spec.minReplicas;
  let state: ScalingState | undefined;
  return series.rows.map((row) => {
    const input: DecideInput = {
      spec,
      currentReplicas: current,
      statusReplicas: current,
      metrics: toMetricResults(spec, row.values),
      now: new Date(row.at),
      state,
    };
    const outcome = tick(input, row.at);
    state = outcome.state;
    if (outcome.decision.action === 'scale') current = outcome.decision.desiredReplicas;
    return current;
  });
}
