/** Outcome → the next `status` (conditions the Kubernetes way, HPA reasons where they fit). */
import type { Condition, MetricStatus, ScalingStatus } from '../status/types.js';
import { toStatusFields } from '../behavior/persist.js';
import { toExtraConditions } from '../decide/conditions.js';
import type { FormulaValue } from '../formula/evaluate.js';
import { advanceState } from '../decide/state.js';
import { setCondition } from '../status/conditions.js';
import { toRfc3339 } from '../util/time.js';
import { appendDecision, toDecisionRecord } from '../record/record.js';
import { toForecastRecord, toForecastStatus, withForecastCondition } from '../forecast/status.js';
import { describeTarget, type Outcome } from './outcome.js';
import { toOtherConditions, toReadyCondition } from './statusConditions.js';

export { toReadyCondition } from './statusConditions.js';

function toMetricStatuses(outcome: Outcome): MetricStatus[] | undefined {
  if (outcome.kind !== 'decided') return undefined;
  return outcome.spec.metrics.map((spec, i) => {
    const r = outcome.metrics[i];
    if (r === undefined) return { name: spec.name, error: 'parse: no result' };
    return r.ok
      ? { name: spec.name, value: r.value, ...(r.note !== undefined && { note: r.note }) }
      : { name: spec.name, error: `${r.kind}: ${r.message}` };
  });
}

const toFormulaStatus = (f: FormulaValue): ScalingStatus['currentFormula'] =>
  f.ok ? { value: f.value } : { error: f.message.slice(0, 1024) };

export function toStatus(
  prev: ScalingStatus | undefined,
  outcome: Outcome,
  now: Date,
  generation?: number,
  decisionHistory = 0,
): ScalingStatus {
  let conditions: Condition[] = [...(prev?.conditions ?? [])];
  for (const c of [
    toReadyCondition(outcome, generation),
    ...toOtherConditions(outcome, generation),
  ]) {
    conditions = setCondition(conditions, c, now);
  }
  // `intent` belongs to the write that recorded it only (lib/reconcile/write.ts).
  const base: ScalingStatus = {
    ...prev,
    recordedAt: toRfc3339(now),
    observedGeneration: generation,
    conditions,
    intent: undefined,
  };
  if (outcome.kind === 'invalid') return base;
  const bounds = {
    target: describeTarget(outcome.spec),
    mode: outcome.spec.mode ?? 'Active',
    minReplicas: outcome.spec.minReplicas,
    maxReplicas: outcome.spec.maxReplicas,
  };
  if (outcome.kind !== 'decided') return { ...base, ...bounds };
  const d = outcome.decision;
  const hadPaused = conditions.some((c) => c.type === 'Paused');
  for (const c of toExtraConditions(outcome.spec, d, hadPaused, generation)) {
    conditions = setCondition(conditions, c, now);
  }
  conditions = withForecastCondition(conditions, outcome.forecast, now, generation);
  const state = advanceState(outcome.spec, d, outcome.scale.specReplicas, outcome.rescaled, now);
  const open = d.bounds?.activeSchedules ?? [];
  return {
    ...base,
    conditions,
    ...bounds,
    ...(d.bounds && { minReplicas: d.bounds.minReplicas, maxReplicas: d.bounds.maxReplicas }),
    // After a successful patch the workload is set to `desired`: recording that keeps the
    // next unchanged run from rewriting status.
    currentReplicas: outcome.rescaled ? d.desiredReplicas : outcome.scale.specReplicas,
    desiredReplicas: d.desiredReplicas,
    computedReplicas: d.computedReplicas,
    currentMetrics: toMetricStatuses(outcome),
    currentFormula: d.formula && toFormulaStatus(d.formula),
    lastScaleTime: outcome.rescaled
      ? now.toISOString().replace(/\.\d{3}Z$/, 'Z')
      : prev?.lastScaleTime,
    limitedBy: d.limitedBy,
    beside: outcome.observe?.beside,
    activeSchedules: open.length > 0 ? [...open] : undefined,
    forecast: outcome.forecast && toForecastStatus(outcome.forecast),
    ...toStatusFields(state),
    decisions: appendDecision(
      prev?.decisions,
      toDecisionRecord({
        spec: outcome.spec,
        decision: d,
        metrics: outcome.metrics,
        currentReplicas: outcome.scale.specReplicas,
        statusReplicas: outcome.scale.statusReplicas,
        now,
        observe: outcome.observe !== undefined,
        forecast: toForecastRecord(outcome.forecast),
      }),
      decisionHistory,
    ),
  };
}
