/**
 * The forecast's one hook into a decision: forecast replicas from the same target arithmetic
 * as the metrics (lib/decide/propose.ts), clamped to the decision's bounds, and
 * `desired = max(reactive, forecast)`. A forecast only ever raises the answer; a decision that
 * holds (a failed metric, a pause) is left as it is, and scale-down stays reactive.
 */
import { proposeForMetric } from '../decide/propose.js';
import type { Decision } from '../decide/types.js';
import { Reason } from '../reasons.js';
import type { ScalingSpec } from '../spec/types.js';

/** A forecast asks for what it expects to need: no band that keeps the current size. */
const NO_TOLERANCE = Object.freeze({ scaleUp: 0, scaleDown: 0 });

/** The replicas the forecast values call for (the largest over the metrics), or undefined. */
export function toForecastReplicas(
  spec: ScalingSpec,
  values: Readonly<Record<string, number>>,
  currentReplicas: number,
): number | undefined {
  let replicas: number | undefined;
  for (const metric of spec.metrics) {
    const value = values[metric.name];
    if (value === undefined) continue;
    const scale = { currentReplicas, statusReplicas: currentReplicas };
    const p = proposeForMetric(metric, { ok: true, value }, scale, NO_TOLERANCE);
    if (p.ok) replicas = Math.max(replicas ?? 0, p.replicas);
  }
  return replicas;
}

export function raiseByForecast(
  d: Decision,
  forecastReplicas: number | undefined,
  currentReplicas: number,
): Decision {
  if (forecastReplicas === undefined || d.action === 'held' || d.paused !== undefined) return d;
  const max = d.bounds?.maxReplicas ?? Infinity;
  const target = Math.min(forecastReplicas, max);
  if (target <= d.desiredReplicas) return d;
  return {
    ...d,
    desiredReplicas: target,
    action: target === currentReplicas ? 'unchanged' : 'scale',
    reason: Reason.Forecast,
    message: `New size: ${target}; reason: forecast above the metrics' answer`,
  };
}
