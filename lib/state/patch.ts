/**
 * The one status write of a State: a merge patch only when something changed, and only what
 * changed, over what the server holds (`State.stored`).
 */
import type { StatusPatch } from '../kube/port.js';
import { conditionsEqual, deepEqual, statusEqual } from './conditions.js';
import { readState } from './read.js';
import { toStatus } from './render.js';
import { settleStatus } from './standing.js';
import type { ScalingStatus } from './status.js';
import type { State } from './types.js';

export interface PatchOptions {
  /** Only standing times moved: the run's time in the Lease stands for them (./standing.ts). */
  readonly settle?: boolean;
  /** Written even when only the intent went (a confirmation). */
  readonly always?: boolean;
}

/** The version is written with a write that happens anyway, never on its own (./migrate.ts). */
const sameStatus = (a: ScalingStatus, b: ScalingStatus) =>
  statusEqual({ ...a, schemaVersion: undefined }, { ...b, schemaVersion: undefined });

/**
 * The minimal status patch from `prev` (as the server holds it) to `next`; undefined when
 * nothing is worth a write: nothing changed, only an intent that can no longer land went (left
 * in status it is harmless), or, with `settle`, only standing times moved.
 */
export function toPatch(
  prev: State,
  next: State,
  opts: PatchOptions = {},
): StatusPatch | undefined {
  const stored = prev.stored;
  const status = toStatus(next);
  const bare =
    stored && next.intent === undefined && opts.always !== true
      ? { ...stored, intent: undefined }
      : stored;
  if (bare && sameStatus(bare, status)) return undefined;
  if (bare && opts.settle === true && sameStatus(bare, settleStatus(bare, status)))
    return undefined;
  return toStatusPatch(stored, status);
}

/** `next` once written: read back from what the server now holds, the base of the next patch. */
export const asWritten = (next: State): State => readState(toStatus(next)).state;

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
