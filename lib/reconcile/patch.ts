/** Status merge patches: only when something changed, and absent fields cleared explicitly. */
import type { StatusPatch } from '../kube/port.js';
import type { ScalingStatus } from '../status/types.js';

/**
 * A JSON merge patch cannot express "remove" by omission: fields present before and absent
 * now are sent as `null`. Undefined values are dropped.
 */
export function toStatusPatch(prev: ScalingStatus | undefined, next: ScalingStatus): StatusPatch {
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) {
    if (value !== undefined) patch[key] = value;
  }
  for (const key of Object.keys(prev ?? {})) {
    if (!(key in patch)) patch[key] = null;
  }
  return patch;
}
