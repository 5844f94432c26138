/**
 * What the live forecast shows (pure): `status.forecast`, the `Forecast` condition, and the
 * event when it steps aside (only on the transition, as the other condition events).
 */
import type { EventInput } from '../kube/port.js';
import { Reason } from '../reasons.js';
import type { ForecastRecord } from '../record/types.js';
import type { Condition } from '../state/types.js';
import type { ForecastState, LiveForecast } from './live.js';
import type { ForecastStatus } from './statusTypes.js';

export type { ForecastStatus } from './statusTypes.js';

/** Reasons a status or condition may hold: bounded, so a long message never breaks a write. */
const MAX_REASON = 512;
const round = (x: number, digits: number) => Number(x.toFixed(digits));

export function toForecastStatus(f: LiveForecast): ForecastStatus {
  return {
    mode: f.mode,
    state: f.state,
    reason: f.reason.slice(0, MAX_REASON),
    leadSeconds: f.leadSeconds,
    ...(f.replicas !== undefined && { replicas: f.replicas }),
    ...(f.metric !== undefined && { metric: f.metric }),
    ...(f.value !== undefined && Number.isFinite(f.value) && { value: round(f.value, 2) }),
    ...(f.model !== undefined && { model: f.model }),
    ...(f.error !== undefined && Number.isFinite(f.error) && { error: round(f.error, 3) }),
  };
}

const FALSE_REASON: Record<Exclude<ForecastState, 'Ready'>, string> = {
  Waiting: Reason.ForecastWaiting,
  SteppedAside: Reason.ForecastSteppedAside,
  Failed: Reason.ForecastFailed,
};

/** True when ready (used in Active, observed in Observe); False says why it is not. */
export function toForecastCondition(
  f: LiveForecast,
  generation?: number,
): Omit<Condition, 'lastTransitionTime'> {
  const g = { observedGeneration: generation };
  const reason = f.reason.slice(0, MAX_REASON);
  if (f.state !== 'Ready') {
    const message = `${reason}; the reactive decision stands`;
    return { type: 'Forecast', status: 'False', reason: FALSE_REASON[f.state], message, ...g };
  }
  const active = f.mode === 'Active';
  const asks = f.replicas === undefined ? 'no replicas' : `${f.replicas} replicas`;
  const what = active ? `asks for ${asks}` : `would ask for ${asks} (Observe)`;
  return {
    type: 'Forecast',
    status: 'True',
    reason: active ? Reason.ForecastActive : Reason.ForecastObserved,
    message: `${reason}: ${what} ${f.leadSeconds} s ahead`,
    ...g,
  };
}

/** A Warning when the forecast steps aside, only when it was not aside in the last status. */
export function toForecastEvent(
  f: LiveForecast | undefined,
  prev: ForecastStatus | undefined,
): EventInput | undefined {
  if (f?.state !== 'SteppedAside' || prev?.state === 'SteppedAside') return undefined;
  const message = `forecast stepped aside: ${f.reason.slice(0, MAX_REASON)}; the reactive decision stands`;
  return { type: 'Warning', reason: Reason.ForecastSteppedAside, message };
}

/** The decision record's forecast: only a ready one, and small (replicas, model, used). */
export function toForecastRecord(f: LiveForecast | undefined): ForecastRecord | undefined {
  if (f?.state !== 'Ready') return undefined;
  return {
    ...(f.replicas !== undefined && { replicas: f.replicas }),
    ...(f.model !== undefined && { model: f.model }),
    used: f.used,
  };
}
