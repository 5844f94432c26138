/**
 * Outcome → what the run records (conditions the Kubernetes way, HPA reasons where they fit,
 * the report, the next state and the decision record), applied to the State it read by
 * lib/state/render.ts.
 */
import { toExtraConditions } from '../decide/conditions.js';
import type { FormulaValue } from '../formula/evaluate.js';
import { advanceState } from '../decide/state.js';
import { toDecisionRecord } from '../record/record.js';
import { hasCondition, recordRun, type RunFields } from '../state/render.js';
import type { MetricStatus, ReportFields, State } from '../state/types.js';
import { toForecastCondition, toForecastRecord, toForecastStatus } from '../forecast/status.js';
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

const toFormulaStatus = (f: FormulaValue): ReportFields['currentFormula'] =>
  f.ok ? { value: f.value } : { error: f.message.slice(0, 1024) };

/** What `outcome` records over `prev` (which only says whether it was paused). */
export function toRunFields(
  prev: State,
  outcome: Outcome,
  now: Date,
  generation?: number,
  decisionHistory = 0,
): RunFields {
  const conditions = [
    toReadyCondition(outcome, generation),
    ...toOtherConditions(outcome, generation),
  ];
  if (outcome.kind === 'invalid') return { generation, conditions };
  const bounds = {
    target: describeTarget(outcome.spec),
    mode: outcome.spec.mode ?? 'Active',
    minReplicas: outcome.spec.minReplicas,
    maxReplicas: outcome.spec.maxReplicas,
  };
  if (outcome.kind !== 'decided') return { generation, conditions, report: bounds };
  const d = outcome.decision;
  const hadPaused = hasCondition(prev, 'Paused');
  const extra = toExtraConditions(outcome.spec, d, hadPaused, generation);
  const f = outcome.forecast;
  const forecastConditions = f === undefined ? [] : [toForecastCondition(f, generation)];
  const open = d.bounds?.activeSchedules ?? [];
  const report = {
    ...bounds,
    ...(d.bounds && { minReplicas: d.bounds.minReplicas, maxReplicas: d.bounds.maxReplicas }),
    // After a successful patch the workload is set to `desired`: recording that keeps the
    // next unchanged run from rewriting status.
    currentReplicas: outcome.rescaled ? d.desiredReplicas : outcome.scale.specReplicas,
    desiredReplicas: d.desiredReplicas,
    computedReplicas: d.computedReplicas,
    currentMetrics: toMetricStatuses(outcome),
    currentFormula: d.formula && toFormulaStatus(d.formula),
    limitedBy: d.limitedBy,
    beside: outcome.observe?.beside,
    activeSchedules: open.length > 0 ? [...open] : undefined,
    forecast: outcome.forecast && toForecastStatus(outcome.forecast),
  } satisfies ReportFields;
  const decision = toDecisionRecord({
    spec: outcome.spec,
    decision: d,
    metrics: outcome.metrics,
    currentReplicas: outcome.scale.specReplicas,
    statusReplicas: outcome.scale.statusReplicas,
    now,
    observe: outcome.observe !== undefined,
    forecast: toForecastRecord(outcome.forecast),
  });
  return {
    generation,
    conditions: [...conditions, ...extra, ...forecastConditions],
    ...(outcome.forecast === undefined && { dropConditions: ['Forecast'] }),
    report,
    decided: {
      scaling: advanceState(outcome.spec, d, outcome.scale.specReplicas, outcome.rescaled, now),
      rescaled: outcome.rescaled,
      decision,
      decisionHistory,
    },
  };
}

/** The State `outcome` leaves behind `prev`. */
export const toRecord = (
  prev: State,
  outcome: Outcome,
  now: Date,
  generation?: number,
  decisionHistory = 0,
): State => recordRun(prev, toRunFields(prev, outcome, now, generation, decisionHistory), now);
