/** Decision objects and their one-line messages (the `New size: N; reason: R` of HPA events). */
import type { Decision, LimitReason } from './types.js';

/** HPA `rescaleReason`: from the metrics' proposal against current, before clamping. */
export function describeDirection(computed: number, current: number, metricName: string): string {
  if (computed > current) return `${metricName} above target`;
  if (computed < current) return 'All metrics below target';
  return 'All metrics within target';
}

export interface ChangeInput {
  readonly currentReplicas: number;
  readonly desiredReplicas: number;
  readonly computedReplicas?: number;
  readonly reason: string;
  readonly limited: LimitReason;
  readonly failedMetric?: number;
}

/** `scale` iff desired ≠ current, else `unchanged`. */
export function toChangeDecision(c: ChangeInput): Decision {
  const scale = c.desiredReplicas !== c.currentReplicas;
  return withOptional(
    {
      desiredReplicas: c.desiredReplicas,
      action: scale ? 'scale' : 'unchanged',
      reason: c.reason,
      message: scale
        ? `New size: ${c.desiredReplicas}; reason: ${c.reason}`
        : `Size unchanged: ${c.desiredReplicas}; reason: ${c.reason}`,
      limited: c.limited,
    },
    c.computedReplicas,
    c.failedMetric,
  );
}

export interface HeldInput {
  readonly currentReplicas: number;
  readonly reason: string;
  readonly message: string;
  readonly computedReplicas?: number;
  readonly failedMetric?: number;
}

/** Cannot decide: keep current; nothing was limited. */
export function toHeldDecision(h: HeldInput): Decision {
  return withOptional(
    {
      desiredReplicas: h.currentReplicas,
      action: 'held',
      reason: h.reason,
      message: h.message,
      limited: 'DesiredWithinRange',
    },
    h.computedReplicas,
    h.failedMetric,
  );
}

/** Optional fields only when set, so a decision compares equal to one without the keys. */
function withOptional(d: Decision, computedReplicas?: number, failedMetric?: number): Decision {
  return {
    ...d,
    ...(computedReplicas !== undefined && { computedReplicas }),
    ...(failedMetric !== undefined && { failedMetric }),
  };
}
