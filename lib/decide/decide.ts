/**
 * The pure decision: no I/O, no clock, no globals. Time (`now`), the persisted state and the
 * pause annotations come in; the next state goes out with the decision.
 *
 * Order: pause (hands off / hold at N) → schedule bounds → decideScaling (bounds correction,
 * proposal, fallback, activation, behavior or clamp).
 */
import { metricFailureReason } from '../auth/classify.js';
import { applyFormula } from '../formula/apply.js';
import { Reason } from '../reasons.js';
import { effectiveBounds, openWindows } from '../schedule/windows.js';
import { toChangeDecision } from './describe.js';
import { describePause, NOT_PAUSED } from './pause.js';
import { checkMetricRanges, guardDecision } from './range.js';
import { decideScaling } from './scaling.js';
import type { DecideInput, Decision } from './types.js';

export function decide(given: DecideInput): Decision {
  // With spec.formula the decision sees one metric, the formula's value (lib/formula/apply.ts).
  const { input: formulaInput, value: formula } = applyFormula(given);
  // A value or target the arithmetic cannot use is that metric's failure (lib/decide/range.ts).
  const metrics = checkMetricRanges(formulaInput.spec, formulaInput.metrics);
  const input = { ...formulaInput, metrics };
  const d = guardDecision(decideWithBounds(input), input);
  return formula === undefined ? d : { ...d, formula };
}

function decideWithBounds(input: DecideInput): Decision {
  const { spec, currentReplicas: current } = input;
  const bounds = effectiveBounds(spec, openWindows(spec.schedules, input.now));
  const pause = input.pause ?? NOT_PAUSED;
  const paused = describePause(pause);
  if (paused !== undefined && (pause.paused || pause.replicas !== undefined)) {
    // Hands off, or hold at N: nothing is recorded, the history is handed on untouched.
    const desired = pause.replicas ?? current;
    const d = toChangeDecision({
      currentReplicas: current,
      desiredReplicas: desired,
      reason: paused.reason,
      limited: 'DesiredWithinRange',
    });
    return { ...d, bounds, paused, limitedBy: 'Paused', state: input.state };
  }
  const effective = {
    ...input,
    spec: { ...spec, minReplicas: bounds.minReplicas, maxReplicas: bounds.maxReplicas },
  };
  const d = withFailureReason(decideScaling(effective, bounds, spec.minReplicas), input);
  return { ...d, bounds, ...(paused !== undefined && { paused }) };
}

/**
 * A size held because a metric failed says why the way Ready and the event do: a Secret or
 * token the spec may not use is `InvalidSpec` (the spec's fault), any other failure
 * `FailedGetMetric`.
 */
function withFailureReason(d: Decision, input: DecideInput): Decision {
  if (d.reason !== Reason.FailedGetMetric || d.failedMetric === undefined) return d;
  const failed = input.metrics[d.failedMetric];
  if (failed === undefined || failed.ok) return d;
  return { ...d, reason: metricFailureReason(failed) };
}
