/**
 * ScalingState ↔ status fields. Reading is defensive: status may come from an older version or
 * a hand edit, so anything malformed is dropped rather than trusted.
 */
import type { ScalingState } from '../decide/types.js';
import { toRfc3339 } from '../util/time.js';
import { readLastValues, toLastValueItems } from '../status/lastKnown.js';
import type { ScalingStatus, StatusHistory } from '../status/types.js';
import { MAX_HISTORY_ITEMS } from './history.js';
import { readScaleEvents, toScaleEventFields } from './persistEvents.js';
import type { History, Recommendation } from './types.js';

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);

function readList<T>(raw: unknown, read: (item: Record<string, unknown>) => T | undefined): T[] {
  if (!Array.isArray(raw)) return [];
  const out: T[] = [];
  for (const item of raw as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const v = read(item as Record<string, unknown>);
    if (v !== undefined) out.push(v);
  }
  return out.sort((a, b) => (a as { time: number }).time - (b as { time: number }).time);
}

function readHistory(h: StatusHistory | undefined): History | undefined {
  if (h === undefined || typeof h !== 'object') return undefined;
  const recommendations = readList<Recommendation>(h.recommendations, (i) =>
    isInt(i.time) && isInt(i.replicas) && i.replicas >= 0
      ? { time: i.time, replicas: i.replicas }
      : undefined,
  ).slice(-MAX_HISTORY_ITEMS);
  return { recommendations, ...readScaleEvents(h) };
}

export function readState(status: ScalingStatus | undefined): ScalingState {
  const history = readHistory(status?.history);
  const failureCount =
    isInt(status?.failureCount) && status.failureCount >= 0 ? status.failureCount : undefined;
  const ms = status?.lastActiveTime === undefined ? NaN : Date.parse(status.lastActiveTime);
  const lastValues = readLastValues(status?.lastKnownValues);
  return {
    ...(history !== undefined && { history }),
    ...(lastValues !== undefined && { lastValues }),
    ...(failureCount !== undefined && { failureCount }),
    ...(Number.isFinite(ms) && { lastActiveTime: Math.floor(ms / 1000) }),
  };
}

/** The status fields of a state; absent parts are `undefined` so the patch removes them. */
export function toStatusFields(
  state: ScalingState | undefined,
): Pick<ScalingStatus, 'history' | 'failureCount' | 'lastActiveTime' | 'lastKnownValues'> {
  const h = state?.history;
  return {
    // Both lists always written: a merge patch would otherwise keep a stale list on the server.
    history:
      h === undefined
        ? undefined
        : {
            recommendations: h.recommendations.map((r) => ({ time: r.time, replicas: r.replicas })),
            ...toScaleEventFields(h),
          },
    failureCount: state?.failureCount,
    lastKnownValues: toLastValueItems(state?.lastValues),
    lastActiveTime:
      state?.lastActiveTime === undefined
        ? undefined
        : toRfc3339(new Date(state.lastActiveTime * 1000)),
  };
}
