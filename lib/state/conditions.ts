/**
 * Conditions the Kubernetes way (HPA `setConditionInList`) and the semantic equality that lets
 * the reconciler skip a status write when nothing changed (HPA `updateStatusIfNeeded`).
 */
import { toRfc3339 } from '../util/time.js';
import type { Condition, ConditionType, ScalingStatus } from './status.js';

const TYPE_ORDER: readonly ConditionType[] = [
  'Ready',
  'AbleToScale',
  'ScalingActive',
  'ScalingLimited',
];

function typeRank(type: string): number {
  const i = (TYPE_ORDER as readonly string[]).indexOf(type);
  return i === -1 ? TYPE_ORDER.length : i;
}

/**
 * Replaces the condition of `next.type` (all of them, should a stored list hold duplicates).
 * `lastTransitionTime` is kept while `status` stays the same and set to `now` when it flips or
 * the condition is new. The result is ordered Ready, AbleToScale, ScalingActive, ScalingLimited;
 * unknown types (from an older version) follow in their stored order.
 */
export function setCondition(
  list: readonly Condition[],
  next: Omit<Condition, 'lastTransitionTime'>,
  now: Date,
): Condition[] {
  const prev = list.find((c) => c.type === next.type);
  const keep = prev !== undefined && prev.status === next.status && prev.lastTransitionTime;
  const { observedGeneration, ...rest } = next;
  const merged: Condition = {
    ...rest,
    lastTransitionTime: keep ? prev.lastTransitionTime : toRfc3339(now),
    ...(observedGeneration !== undefined && { observedGeneration }),
  };
  const others = list.filter((c) => c.type !== next.type);
  // Array.prototype.sort is stable, so equal ranks keep their order.
  return [...others, merged].sort((a, b) => typeRank(a.type) - typeRank(b.type));
}

function conditionKey(c: Condition): string {
  return JSON.stringify([
    c.type,
    c.status,
    c.reason,
    c.message,
    c.lastTransitionTime,
    c.observedGeneration ?? null,
  ]);
}

/** Same conditions, in any order. */
export function conditionsEqual(
  a: readonly Condition[] | undefined,
  b: readonly Condition[] | undefined,
): boolean {
  if (!isPresent(a) || !isPresent(b)) return !isPresent(a) && !isPresent(b);
  if (a === undefined || b === undefined) return false;
  if (a.length !== b.length) return false;
  const ka = a.map(conditionKey).sort();
  const kb = b.map(conditionKey).sort();
  return ka.every((k, i) => k === kb[i]);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * A key holding `undefined` is the same as no key (JSON never writes it), and, as in the
 * apimachinery's `equality.Semantic`, an empty list is the same as no list.
 */
function isPresent(x: unknown): boolean {
  return x !== undefined && !(Array.isArray(x) && x.length === 0);
}

function presentKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o).filter((k) => isPresent(o[k]));
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const ka = presentKeys(a);
    const kb = presentKeys(b);
    return ka.length === kb.length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * Deep semantic equality of two statuses: every field, present or future, compared by value
 * (arrays in order: `currentMetrics` follows `spec.metrics`), except `conditions`, whose order
 * carries no meaning.
 */
export function statusEqual(a: ScalingStatus, b: ScalingStatus): boolean {
  const { conditions: ca, ...restA } = a;
  const { conditions: cb, ...restB } = b;
  return conditionsEqual(ca, cb) && deepEqual(restA, restB);
}
