/** `spec.forecast` from an unvalidated object: settings, or the field errors found. */
import { FORECAST_DEFAULTS, type ForecastMode, type ForecastSettings } from './settings.js';

export interface ForecastFieldError {
  readonly field: string;
  readonly message: string;
}

export type ForecastParse =
  | { readonly ok: true; readonly settings: ForecastSettings | undefined }
  | { readonly ok: false; readonly errors: readonly ForecastFieldError[] };

const MODES: readonly ForecastMode[] = ['Observe', 'Active'];
const DAY = 86_400;

function readSeconds(
  raw: unknown,
  field: string,
  errors: ForecastFieldError[],
): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0 || raw > DAY) {
    errors.push({ field, message: `must be a whole number of seconds from 0 to ${DAY}` });
    return undefined;
  }
  return raw;
}

export function parseForecastSettings(raw: unknown, path = 'spec.forecast'): ForecastParse {
  if (raw === undefined || raw === null) return { ok: true, settings: undefined };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, errors: [{ field: path, message: 'must be an object' }] };
  }
  const obj = raw as Record<string, unknown>;
  const errors: ForecastFieldError[] = [];
  const mode = obj.mode ?? FORECAST_DEFAULTS.mode;
  if (!MODES.includes(mode as ForecastMode)) {
    errors.push({ field: `${path}.mode`, message: `must be one of ${MODES.join(', ')}` });
  }
  const leadSeconds = readSeconds(obj.leadSeconds, `${path}.leadSeconds`, errors);
  const podStartupSeconds = readSeconds(obj.podStartupSeconds, `${path}.podStartupSeconds`, errors);
  const maxError = obj.maxError ?? FORECAST_DEFAULTS.maxError;
  if (typeof maxError !== 'number' || !(maxError > 0) || maxError > 10) {
    errors.push({ field: `${path}.maxError`, message: 'must be a number above 0, at most 10' });
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      mode: mode as ForecastMode,
      podStartupSeconds: podStartupSeconds ?? FORECAST_DEFAULTS.podStartupSeconds,
      maxError: maxError as number,
      ...(leadSeconds !== undefined && { leadSeconds }),
    },
  };
}
