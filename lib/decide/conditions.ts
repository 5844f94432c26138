/**
 * The conditions issue 5 adds beside the HPA's: `Paused` (while an annotation applies, and once
 * False after), `Fallback` (with spec.fallback), `Active` (with activation). Pure.
 */
import type { Condition } from '../state/types.js';
import type { ScalingSpec } from '../spec/types.js';
import type { Decision } from './types.js';

type NewCondition = Omit<Condition, 'lastTransitionTime'>;

export function toExtraConditions(
  spec: ScalingSpec,
  d: Decision,
  hadPaused: boolean,
  generation?: number,
): NewCondition[] {
  const g = generation === undefined ? {} : { observedGeneration: generation };
  const out: NewCondition[] = [];
  if (d.paused !== undefined) {
    out.push({ type: 'Paused', status: 'True', ...d.paused, ...g });
  } else if (hadPaused) {
    out.push({
      type: 'Paused',
      status: 'False',
      reason: 'Unpaused',
      message: 'no pause annotation',
      ...g,
    });
  }
  if (spec.fallback !== undefined) {
    const n = d.state?.failureCount ?? 0;
    out.push(
      d.fallbackActive === true
        ? {
            type: 'Fallback',
            status: 'True',
            reason: 'FallbackActive',
            message: `${n} runs in a row with a failed metric (threshold ${spec.fallback.failureThreshold})`,
            ...g,
          }
        : {
            type: 'Fallback',
            status: 'False',
            reason: 'NoFallbackNeeded',
            message: `${n} runs in a row with a failed metric (threshold ${spec.fallback.failureThreshold})`,
            ...g,
          },
    );
  }
  if (spec.activation !== undefined && d.active !== undefined) {
    const t = spec.activation.threshold;
    out.push(
      d.active
        ? {
            type: 'Active',
            status: 'True',
            reason: 'ScalerActive',
            message: `a metric is above ${t}`,
            ...g,
          }
        : {
            type: 'Active',
            status: 'False',
            reason: d.limitedBy === 'Cooldown' ? 'ScalerCooldown' : 'ScalerNotActive',
            message: `no metric is above ${t}`,
            ...g,
          },
    );
  }
  return out;
}
