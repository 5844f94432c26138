/** `status.lastKnownValues` ↔ LastValues (lib/decide/lastKnown.ts); malformed items dropped. */
import type { LastValues } from '../decide/lastKnown.js';
import { toRfc3339 } from '../util/time.js';
import type { StatusLastValue } from './status.js';

export function readLastValues(raw: unknown): LastValues | undefined {
  if (!Array.isArray(raw)) return undefined;
  const out: Record<string, { value: number; time: number }> = {};
  for (const item of raw as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { name, value, time } = item as Record<string, unknown>;
    const ms = typeof time === 'string' ? Date.parse(time) : NaN;
    if (typeof name !== 'string' || typeof value !== 'number' || !Number.isFinite(value)) continue;
    if (Number.isFinite(ms)) out[name] = { value, time: Math.floor(ms / 1000) };
  }
  return out;
}

export function toLastValueItems(v: LastValues | undefined): StatusLastValue[] | undefined {
  if (v === undefined) return undefined;
  return Object.entries(v)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, { value, time }]) => ({ name, value, time: toRfc3339(new Date(time * 1000)) }));
}
