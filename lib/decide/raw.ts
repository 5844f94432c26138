/**
 * The metrics' raw proposal, before fallback, activation, behavior and bounds: the original
 * formula, or the HPA's per-metric proposals combined (largest wins, a failure blocks a
 * scale-down).
 */
import { Reason } from '../reasons.js';
import { combineProposals } from './combine.js';
import { describeDirection, toHeldDecision } from './describe.js';
import { decideHeld } from './full.js';
import { decideOriginal } from './original.js';
import { proposeForMetric } from './propose.js';
import type { Tolerances } from './tolerance.js';
import type { DecideInput, Decision, LimitReason } from './types.js';

export type RawProposal =
  | {
      readonly kind: 'proposed';
      /** What the rest of the pipeline starts from (the original formula: already in bounds). */
      readonly replicas: number;
      /** The unclamped recommendation shown in status.computedReplicas. */
      readonly computed: number;
      readonly reason: string;
      readonly limited: LimitReason;
      readonly failedMetric?: number;
    }
  | {
      readonly kind: 'held';
      readonly decision: Decision;
      /** Full form: the valid metrics' proposal that a failed metric blocked, if any. */
      readonly blocked?: number;
    };

export function proposeRaw(input: DecideInput, tolerances: Tolerances): RawProposal {
  const { spec, currentReplicas: current } = input;
  if (spec.form === 'original') {
    const d = decideOriginal(input);
    if (d.action === 'held' || d.computedReplicas === undefined)
      return { kind: 'held', decision: d };
    return {
      kind: 'proposed',
      replicas: d.desiredReplicas,
      computed: d.computedReplicas,
      reason: d.reason,
      limited: d.limited,
    };
  }
  if (spec.metrics.length === 0) {
    const message = `Size held at ${current}; no metrics`;
    const decision = toHeldDecision({
      currentReplicas: current,
      reason: Reason.InvalidSpec,
      message,
    });
    return { kind: 'held', decision };
  }
  const proposals = spec.metrics.map((m, i) =>
    proposeForMetric(m, input.metrics[i], input, tolerances),
  );
  const combined = combineProposals(proposals, current);
  if (combined.kind === 'held') {
    return { kind: 'held', decision: decideHeld(combined, current), blocked: combined.replicas };
  }
  // The HPA floors the combined proposal at 0 (`desiredReplicas` starts at 0).
  const computed = Math.max(0, combined.replicas);
  return {
    kind: 'proposed',
    replicas: computed,
    computed,
    reason: describeDirection(computed, current, combined.metricName),
    limited: 'DesiredWithinRange',
    ...(combined.failedMetric !== undefined && { failedMetric: combined.failedMetric }),
  };
}
