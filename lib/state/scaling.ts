/**
 * ScalingState (what `decide` reads and returns) ↔ its status fields: `history`,
 * `failureCount`, `lastActiveTime`, `lastKnownValues`. Reading is defensive: status may come
 * from an older version or a hand edit, so anything malformed is dropped, with a warning.
 */
import { MAX_HISTORY_ITEMS } from '../behavior/history.js';
import type { History, Recommendation } from '../behavior/types.js';
import type { ScalingState } from '../decide/types.js';
import { toRfc3339 } from '../util/time.js';
import { readScaleEvents, toScaleEventFields } from './events.js';
import { readLastValues, toLastValueItems } from './lastKnown.js';
import type { ScalingStatus } from './status.js';

type Warn = (line: string) => void;
const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);
const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function readRecommendations(raw: unknown, warn: Warn): Recommendation[] {
  if (!Array.isArray(raw)) {
    if (raw !== undefined) warn('status.history.recommendations: not a list, ignored');
    return [];
  }
  const out: Recommendation[] = [];
  for (const i of raw as unknown[]) {
    if (isRecord(i) && isInt(i.time) && isInt(i.replicas) && i.replicas >= 0) {
      out.push({ time: i.time, replicas: i.replicas });
    }
  }
  const dropped = (raw as unknown[]).length - out.length;
  if (dropped > 0) warn(`status.history.recommendations: ${dropped} malformed item(s) dropped`);
  return out.sort((a, b) => a.time - b.time).slice(-MAX_HISTORY_ITEMS);
}

function readHistory(h: unknown, warn: Warn): History | undefined {
  if (h === undefined) return undefined;
  if (!isRecord(h)) {
    warn('status.history: not an object, ignored');
    return undefined;
  }
  return {
    recommendations: readRecommendations(h.recommendations, warn),
    ...readScaleEvents(h, warn),
  };
}

/** The state of a status in the current layout (./migrate.ts). */
export function readScaling(status: Readonly<Record<string, unknown>>, warn: Warn): ScalingState {
  const history = readHistory(status.history, warn);
  const { failureCount: fc, lastActiveTime: active, lastKnownValues: known } = status;
  const failureCount = isInt(fc) && fc >= 0 ? fc : undefined;
  if (fc !== undefined && failureCount === undefined) {
    warn('status.failureCount: not a whole number ≥ 0, ignored');
  }
  const ms = typeof active === 'string' ? Date.parse(active) : NaN;
  if (active !== undefined && !Number.isFinite(ms)) {
    warn('status.lastActiveTime: not a time, ignored');
  }
  const lastValues = readLastValues(known);
  if (known !== undefined && !Array.isArray(known)) warn('status.lastKnownValues: not a list');
  else if (Array.isArray(known) && Object.keys(lastValues ?? {}).length < known.length) {
    warn('status.lastKnownValues: malformed or repeated item(s) dropped');
  }
  return {
    ...(history !== undefined && { history }),
    ...(lastValues !== undefined && { lastValues }),
    ...(failureCount !== undefined && { failureCount }),
    ...(Number.isFinite(ms) && { lastActiveTime: Math.floor(ms / 1000) }),
  };
}

/** The status fields of a state; absent parts are `undefined` so the patch removes them. */
export function toScalingFields(
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
