/** Outcome → the next `status` (conditions the Kubernetes way, HPA reasons where they fit). */
import type { Condition, MetricStatus, ScalingStatus } from '../status/types.js';
import { metricFailureReason } from '../auth/classify.js';
import { toStatusFields } from '../behavior/persist.js';
import { toExtraConditions } from '../decide/conditions.js';
import type { FormulaValue } from '../formula/evaluate.js';
import { advanceState } from '../decide/state.js';
import { setCondition } from '../status/conditions.js';
import { toRfc3339 } from '../util/time.js';
import { Reason } from '../reasons.js';
import { appendDecision, toDecisionRecord } from '../record/record.js';
import { describeTarget, formatFieldErrors, type Outcome } from './outcome.js';

type NewCondition = Omit<Condition, 'lastTransitionTime'>;

/** The Ready condition summarises the others: one reason a user reads first. */
export function toReadyCondition(outcome: Outcome, generation?: number): NewCondition {
  const c = (status: 'True' | 'False', reason: string, message: string): NewCondition => ({
    type: 'Ready',
    status,
    reason,
    message,
    observedGeneration: generation,
  });
  switch (outcome.kind) {
    case 'invalid':
      return c('False', Reason.InvalidSpec, formatFieldErrors(outcome.errors));
    case 'target-error':
      return outcome.status === 404
        ? c('False', Reason.TargetNotFound, outcome.message)
        : c('False', Reason.FailedGetScale, outcome.message);
    case 'conflict':
      return c('False', Reason.Conflict, outcome.message);
    case 'decided': {
      if (outcome.rescaleError !== undefined) {
        return c('False', Reason.FailedRescale, outcome.rescaleError);
      }
      const failed = outcome.metrics.findIndex((m) => !m.ok);
      const failure = outcome.metrics[failed];
      if (failure && !failure.ok) {
        const name = outcome.spec.metrics[failed]?.name ?? `#${failed}`;
        return c('False', metricFailureReason(failure), `metric ${name}: ${failure.message}`);
      }
      if (outcome.decision.reason === Reason.ScalingDisabled) {
        return c('False', Reason.ScalingDisabled, outcome.decision.message);
      }
      if (outcome.observe !== undefined) {
        const beside = outcome.observe.beside;
        const by = beside === undefined ? '' : `; scaled by ${beside}`;
        return c(
          'True',
          Reason.Observing,
          `observe mode: decisions recorded, target not scaled${by}`,
        );
      }
      return c('True', Reason.Ready, 'metrics read and target scaled as desired');
    }
  }
}

function toOtherConditions(outcome: Outcome, generation?: number): NewCondition[] {
  const g = generation;
  if (outcome.kind === 'invalid') {
    const message = 'the spec is invalid, see the Ready condition';
    return [
      {
        type: 'ScalingActive',
        status: 'False',
        reason: Reason.InvalidSpec,
        message,
        observedGeneration: g,
      },
    ];
  }
  if (outcome.kind === 'target-error' || outcome.kind === 'conflict') {
    return [
      {
        type: 'AbleToScale',
        status: 'False',
        reason: outcome.kind === 'conflict' ? Reason.Conflict : Reason.FailedGetScale,
        message: outcome.message,
        observedGeneration: g,
      },
    ];
  }
  const { decision, rescaleError } = outcome;
  const able: NewCondition =
    rescaleError === undefined
      ? {
          type: 'AbleToScale',
          status: 'True',
          // With behavior, the HPA's word when stabilization held the recommendation back.
          reason:
            decision.stabilized === 'ScaleUpStabilized' ||
            decision.stabilized === 'ScaleDownStabilized'
              ? decision.stabilized
              : Reason.SucceededGetScale,
          message:
            decision.stabilized === 'ScaleUpStabilized' ||
            decision.stabilized === 'ScaleDownStabilized'
              ? 'recent recommendations were kept within the stabilization window'
              : 'the target scale can be read and updated',
          observedGeneration: g,
        }
      : {
          type: 'AbleToScale',
          status: 'False',
          reason: Reason.FailedUpdateScale,
          message: rescaleError,
          observedGeneration: g,
        };
  const failedIndex = outcome.metrics.findIndex((m) => !m.ok);
  const failed = outcome.metrics[failedIndex];
  // Original form, metric failed, outside [min, max]: only the bound was applied.
  const noMetricUsed =
    decision.failedMetric !== undefined && decision.computedReplicas === undefined;
  const active: NewCondition =
    decision.reason === Reason.ScalingDisabled
      ? {
          type: 'ScalingActive',
          status: 'False',
          reason: Reason.ScalingDisabled,
          message: decision.message,
          observedGeneration: g,
        }
      : (decision.action === 'held' || noMetricUsed) && failed && !failed.ok
        ? {
            type: 'ScalingActive',
            status: 'False',
            reason: metricFailureReason(failed),
            message: `metric ${outcome.spec.metrics[failedIndex]?.name ?? failedIndex}: ${failed.message}`,
            observedGeneration: g,
          }
        : {
            type: 'ScalingActive',
            status: 'True',
            reason: Reason.ValidMetricFound,
            message: 'the replica count was computed from the metrics',
            observedGeneration: g,
          };
  const limited: NewCondition = {
    type: 'ScalingLimited',
    status: decision.limited === 'DesiredWithinRange' ? 'False' : 'True',
    reason: decision.limited,
    message:
      noMetricUsed && failed && !failed.ok && decision.limited !== 'DesiredWithinRange'
        ? `${limitMessage(decision.limited)}; metric ${outcome.spec.metrics[failedIndex]?.name ?? failedIndex} failed, so only the bound was applied`
        : limitMessage(decision.limited),
    observedGeneration: g,
  };
  return [able, active, limited];
}

function limitMessage(limited: string): string {
  if (limited === 'TooManyReplicas')
    return 'the desired replica count is more than the maximum replica count';
  if (limited === 'TooFewReplicas')
    return 'the desired replica count is less than the minimum replica count';
  if (limited === 'ScaleUpLimit')
    return 'the desired replica count is increasing faster than the maximum scale rate';
  if (limited === 'ScaleDownLimit')
    return 'the desired replica count is decreasing faster than the maximum scale rate';
  return 'the desired count is within the acceptable range';
}

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
      }),
      decisionHistory,
    ),
  };
}
