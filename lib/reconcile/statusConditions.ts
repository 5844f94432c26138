/** The conditions of an outcome, the Kubernetes way, with the HPA's reasons where they fit. */
import { metricFailureReason } from '../auth/classify.js';
import { Reason } from '../reasons.js';
import type { NewCondition } from '../state/types.js';
import { formatFieldErrors, type Outcome } from './outcome.js';

export type { NewCondition } from '../state/types.js';

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

export function toOtherConditions(outcome: Outcome, generation?: number): NewCondition[] {
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
