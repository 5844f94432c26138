/**
 * Builds the record of one decision and keeps the last N. A record is added only when the
 * decision changed (not its time or the metric values behind the same proposals), so a run that
 * changes nothing writes nothing.
 */
import { toRfc3339 } from '../util/time.js';
import { proposeForMetric } from '../decide/propose.js';
import { DEFAULT_TOLERANCES } from '../decide/tolerance.js';
import type { Decision } from '../decide/types.js';
import { toMetricResult } from '../formula/apply.js';
import { FORMULA_NAME } from '../formula/types.js';
import type { MetricResult } from '../metrics/types.js';
import type { ScalingSpec } from '../spec/types.js';
import type { DecisionRecord, ForecastRecord, MetricRecord } from './types.js';

export interface RecordInput {
  readonly spec: ScalingSpec;
  readonly decision: Decision;
  readonly metrics: readonly MetricResult[];
  readonly currentReplicas: number;
  readonly statusReplicas: number;
  readonly now: Date;
  readonly observe: boolean;
  /** A ready forecast of this run (lib/forecast/live.ts). */
  readonly forecast?: ForecastRecord;
}

function toMetricRecords(input: RecordInput): MetricRecord[] {
  const { spec } = input;
  const b = spec.behavior;
  const tolerances = b
    ? { scaleUp: b.scaleUp.tolerance, scaleDown: b.scaleDown.tolerance }
    : DEFAULT_TOLERANCES;
  return spec.metrics.map((m, i) => {
    const r = input.metrics[i];
    const target = m.target;
    const p = target ? proposeForMetric(m, r, input, tolerances) : undefined;
    return {
      name: m.name,
      ...(r?.ok === true && Number.isFinite(r.value) && { value: r.value }),
      ...(r?.ok === false && { error: r.kind }),
      ...(target?.type === 'AverageValue' && { averageValue: target.averageValue }),
      ...(target?.type === 'Value' && { targetValue: target.value }),
      ...(p?.ok === true && { proposal: p.replicas }),
    };
  });
}

/** The formula as a metric named `formula` with the formula's target (lib/formula/apply.ts). */
function toFormulaRecord(input: RecordInput): MetricRecord | undefined {
  const f = input.spec.formula;
  const v = input.decision.formula;
  if (f === undefined || v === undefined) return undefined;
  const metric = { name: FORMULA_NAME, target: f.target };
  const [record] = toMetricRecords({
    ...input,
    spec: { ...input.spec, metrics: [metric] },
    metrics: [toMetricResult(v)],
  });
  return record;
}

export function toDecisionRecord(input: RecordInput): DecisionRecord {
  const d = input.decision;
  const formula = toFormulaRecord(input);
  const schedules = d.bounds?.activeSchedules ?? [];
  return {
    time: toRfc3339(input.now),
    from: input.currentReplicas,
    to: d.desiredReplicas,
    action: d.action,
    ...(input.observe && { observe: true }),
    reason: d.reason,
    metrics: toMetricRecords(input),
    ...(formula !== undefined && { formula }),
    ...(d.computedReplicas !== undefined && { recommended: d.computedReplicas }),
    ...(d.stabilizedReplicas !== undefined && { stabilized: d.stabilizedReplicas }),
    ...(d.limitedBy !== undefined && { limitedBy: d.limitedBy }),
    ...(schedules.length > 0 && { schedules: [...schedules] }),
    ...(input.forecast !== undefined && { forecast: input.forecast }),
  };
}

/**
 * What makes two records the same decision: where it leads and why, not when, not from where
 * (after "scaled 1 → 5" the next run's "kept 5" is the same decision), not the values read
 * behind the same proposals.
 */
function decisionKey(r: DecisionRecord): string {
  const metrics = r.metrics.map(({ name, error, proposal }) => [name, error, proposal]);
  const { to, observe, recommended, stabilized, limitedBy } = r;
  const held = r.action === 'held' ? r.reason : undefined;
  return JSON.stringify([
    to,
    observe,
    recommended,
    stabilized,
    limitedBy,
    held,
    metrics,
    r.schedules ?? [],
    r.forecast?.used,
  ]);
}

/** The list with `next` appended when the decision changed, the oldest dropped past `max`. */
export function appendDecision(
  list: readonly DecisionRecord[] | undefined,
  next: DecisionRecord,
  max: number,
): readonly DecisionRecord[] | undefined {
  if (max <= 0) return undefined;
  const prev = list ?? [];
  const last = prev.at(-1);
  if (last !== undefined && decisionKey(last) === decisionKey(next)) return prev.slice(-max);
  return [...prev, next].slice(-max);
}
