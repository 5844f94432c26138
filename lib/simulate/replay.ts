/**
 * Replays a series through the reconciler's own code: `decide`, `advanceState` and the State's
 * round trip through status (lib/state: written, then read back) on every tick, as if each tick
 * ran on a fresh instance, with the reconciler's standing times: a tick whose status differs
 * only in them writes nothing, and the next one reads them as standing through it
 * (lib/state/standing.ts). The workload is assumed to reach the size it is given (status = spec
 * replicas).
 */
import { toUnixSeconds } from '../behavior/history.js';
import { asWritten, toPatch } from '../state/patch.js';
import { EMPTY_STATE } from '../state/read.js';
import { toDecideState } from '../state/standing.js';
import type { State } from '../state/types.js';
import { toRfc3339 } from '../util/time.js';
import { decide } from '../decide/decide.js';
import type { PauseState } from '../decide/pause.js';
import type { Decision } from '../decide/types.js';
import { advanceState } from '../decide/state.js';
import type { MetricResult } from '../metrics/types.js';
import { effectiveBounds, openWindows } from '../schedule/windows.js';
import type { ScalingSpec } from '../spec/types.js';
import type { Series } from './series.js';

export interface SimTick {
  readonly time: number | string;
  readonly at: number;
  readonly metrics: Readonly<Record<string, number | null>>;
  /** With spec.formula: its value this tick; null when it failed. */
  readonly formula?: number | null;
  /** The metrics' unclamped recommendation (status.computedReplicas); null when none. */
  readonly recommended: number | null;
  /** What the reconciler would have set after this tick. */
  readonly replicas: number;
  readonly reason: string;
  readonly limitedBy?: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly activeSchedules: readonly string[];
  /** `fallback.behavior: lastKnownValue`: failed metrics that used their last good value. */
  readonly lastKnown?: Readonly<Record<string, number>>;
}

/** What a tick hands to `ReplayOptions.adjust`. */
export interface TickContext {
  readonly index: number;
  readonly now: Date;
  readonly currentReplicas: number;
}

export interface ReplayOptions {
  readonly initialReplicas?: number;
  readonly pause?: PauseState;
  /** Called on each decision before it is acted on (the forecast's hook, lib/forecast/apply.ts). */
  readonly adjust?: (d: Decision, tick: TickContext) => Decision;
}

/** An empty cell is a failed read, as a timeout would be. */
export function toMetricResults(
  spec: ScalingSpec,
  values: Readonly<Record<string, number | undefined>>,
): MetricResult[] {
  return spec.metrics.map((m) => {
    const v = values[m.name];
    return v === undefined
      ? { ok: false, kind: 'parse', message: `${m.name}: no value in the series` }
      : { ok: true, value: v };
  });
}

export function replay(spec: ScalingSpec, series: Series, opts: ReplayOptions = {}): SimTick[] {
  const first = series.rows[0];
  if (first === undefined) return [];
  let current =
    opts.initialReplicas ??
    effectiveBounds(spec, openWindows(spec.schedules, new Date(first.at))).minReplicas;
  let state: State = EMPTY_STATE;
  let previousRun: number | undefined;
  return series.rows.map((row, index) => {
    const now = new Date(row.at);
    const stood = toDecideState(state, previousRun, toUnixSeconds(now));
    previousRun = toUnixSeconds(now);
    const decided = decide({
      spec,
      currentReplicas: current,
      statusReplicas: current,
      metrics: toMetricResults(spec, row.values),
      now,
      state: stood,
      pause: opts.pause,
    });
    const d = opts.adjust?.(decided, { index, now, currentReplicas: current }) ?? decided;
    const rescaled = d.action === 'scale';
    const next: State = {
      ...EMPTY_STATE,
      recordedAt: toRfc3339(now),
      scaling: advanceState(spec, d, current, rescaled, now) ?? {},
    };
    // Written only when more than standing times changed, as the reconciler does.
    if (toPatch(state, next, { settle: true }) !== undefined) state = asWritten(next);
    if (rescaled) current = d.desiredReplicas;
    const lastKnown: Record<string, number> = {};
    for (const name of d.lastKnown ?? []) {
      const v = d.state?.lastValues?.[name];
      if (v !== undefined) lastKnown[name] = v.value;
    }
    const metrics: Record<string, number | null> = {};
    for (const m of spec.metrics) metrics[m.name] = row.values[m.name] ?? null;
    return {
      time: row.time,
      at: row.at,
      metrics,
      ...(d.formula !== undefined && { formula: d.formula.ok ? d.formula.value : null }),
      recommended: d.computedReplicas ?? null,
      replicas: current,
      reason: d.reason,
      ...(d.limitedBy !== undefined && { limitedBy: d.limitedBy }),
      minReplicas: d.bounds?.minReplicas ?? spec.minReplicas,
      maxReplicas: d.bounds?.maxReplicas ?? spec.maxReplicas,
      activeSchedules: d.bounds?.activeSchedules ?? [],
      ...(Object.keys(lastKnown).length > 0 && { lastKnown }),
    };
  });
}
