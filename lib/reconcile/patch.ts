/** Status merge patches: only when something changed, and only what changed. */
import type { StatusPatch } from '../kube/port.js';
import { conditionsEqual, deepEqual } from '../status/conditions.js';
import type { ScalingStatus } from '../status/types.js';

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * The top-level fields that differ from `prev`, whole (every list is atomic, so a changed list
 * is sent whole); fields present before and absent now are sent as `null` (a JSON merge patch
 * cannot remove by omission), also inside a changed object field (a merge patch merges objects
 * key by key). Undefined values are dropped. A smaller body; what a write costs the API server
 * hardly depends on it (`npm run bench:status`: a fixed cost per CR write).
 */
export function toStatusPatch(prev: ScalingStatus | undefined, next: ScalingStatus): StatusPatch {
  const before = (prev ?? {}) as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) {
    if (value === undefined) continue;
    const old = before[key];
    const same =
      old !== undefined &&
      (key === 'conditions'
        ? conditionsEqual(old as ScalingStatus['conditions'], value as ScalingStatus['conditions'])
        : deepEqual(old, value));
    if (!same) patch[key] = withRemovals(old, value);
  }
  for (const [key, value] of Object.entries(before)) {
    if (
      value !== undefined &&
      value !== null &&
      (next as Record<string, unknown>)[key] === undefined
    )
      patch[key] = null;
  }
  return patch;
}

/** `next` as a merge-patch value over `prev`: keys of an object that `next` dropped become `null`. */
function withRemovals(prev: unknown, next: unknown): unknown {
  if (!isPlainObject(next) || !isPlainObject(prev)) return next;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) {
    if (value !== undefined) out[key] = withRemovals(prev[key], value);
  }
  for (const [key, value] of Object.entries(prev)) {
    if (value !== undefined && value !== null && !(key in out)) out[key] = null;
  }
  return out;
}
