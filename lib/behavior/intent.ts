/**
 * The recorded intent: the rescale a run recorded before it patched `/scale` (which replicas,
 * from which, when, which scale event). What it means for later steps is in its pending scale
 * event (lib/behavior/pending.ts); the intent itself is kept for people and for statuses of an
 * earlier version, whose event carries no pending mark.
 */
import type { ScalingStatus, StatusIntent } from '../status/types.js';

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);

/** The recorded intent, or undefined when absent or malformed (a hand edit is not trusted). */
export function readIntent(status: ScalingStatus | undefined): StatusIntent | undefined {
  const i = status?.intent as Partial<Record<keyof StatusIntent, unknown>> | undefined;
  if (typeof i !== 'object' || i === null) return undefined;
  const { replicas, from, time, change } = i;
  if (!isInt(replicas) || !isInt(from) || !isInt(time) || !isInt(change)) return undefined;
  return { replicas, from, time, change };
}
