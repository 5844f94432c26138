/**
 * Several proposals → one, as the HPA's `computeReplicasForMetrics`: the largest valid proposal
 * wins; a failed metric can block a scale-down but never a scale-up.
 */
import type { Proposal } from './propose.js';

export type Combined =
  | {
      readonly kind: 'proposed';
      readonly replicas: number;
      /** The metric that produced the largest proposal (the first one on a tie, as the HPA). */
      readonly metricName: string;
      /** Index of the first failed metric, when one failed but did not block. */
      readonly failedMetric?: number;
    }
  | {
      readonly kind: 'held';
      /** Index of the first failed metric (the HPA sets ScalingActive from the first one). */
      readonly failedMetric: number;
      readonly failedName: string;
      readonly failure: string;
      /** The valid metrics' proposal that was blocked (a scale-down), when there was one. */
      readonly replicas?: number;
    };

export function combineProposals(
  proposals: readonly Proposal[],
  currentReplicas: number,
): Combined {
  let best: { replicas: number; name: string } | undefined;
  let firstFailed: { index: number; name: string; failure: string } | undefined;
  for (const [index, p] of proposals.entries()) {
    if (!p.ok) {
      firstFailed ??= { index, name: p.name, failure: p.failure };
    } else if (best === undefined || p.replicas > best.replicas) {
      // Strict `>`: on a tie the first metric names the reason, as in the HPA.
      best = { replicas: p.replicas, name: p.name };
    }
  }
  if (firstFailed !== undefined && (best === undefined || best.replicas < currentReplicas)) {
    return {
      kind: 'held',
      failedMetric: firstFailed.index,
      failedName: firstFailed.name,
      failure: firstFailed.failure,
      replicas: best?.replicas,
    };
  }
  if (best === undefined) {
    // No proposals at all (decideFull never asks): nothing to scale on.
    return { kind: 'held', failedMetric: 0, failedName: '', failure: 'no metrics' };
  }
  return {
    kind: 'proposed',
    replicas: best.replicas,
    metricName: best.name,
    failedMetric: firstFailed?.index,
  };
}
