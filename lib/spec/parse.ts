/**
 * `parseScaling`: an unvalidated `spec` (from the API server, an older CRD or a fake) into a typed
 * ScalingSpec, or every field error found. Types are checked again here, not trusted to the CRD
 * schema; cross-field rules (one form, minUsers < maxUsers, min <= max, unique metric names)
 * live only here. Defaults come from SPEC_DEFAULTS, which the CRD schema also uses.
 */
import { isObject, isSet, type Obj, type Reader } from './fields.js';
import { parseExtras } from './parseExtras.js';
import { parseFull } from './parseFull.js';
import { readFormula } from './parseFormula.js';
import { parseForecastSettings } from '../forecast/parseSettings.js';
import { parseOriginal } from './parseOriginal.js';
import { FULL_KEYS, ORIGINAL_KEYS } from './rules.js';
import type { FieldError, ParseResult } from './types.js';

type Form = 'original' | 'full';

/** Which form the spec uses, from the keys present; an error when both or neither. */
export function detectForm(spec: Obj): Form | FieldError {
  const original = ORIGINAL_KEYS.filter((key) => isSet(spec[key]));
  const full = FULL_KEYS.filter((key) => isSet(spec[key]));
  if (original.length > 0 && full.length > 0) {
    return {
      field: 'spec',
      message:
        `must use one form, not both: found ${original.join(', ')} (original form) ` +
        `and ${full.join(', ')} (full form)`,
    };
  }
  if (original.length > 0) return 'original';
  if (full.length > 0) return 'full';
  return {
    field: 'spec',
    message:
      'must use one form: targetDeployment, metricSource and scaleThresholds (original), ' +
      'or scaleTargetRef, maxReplicas and metrics (full)',
  };
}

export function parseScaling(spec: unknown): ParseResult {
  if (!isObject(spec))
    return { ok: false, errors: [{ field: 'spec', message: 'must be an object' }] };
  const form = detectForm(spec);
  if (typeof form !== 'string') return { ok: false, errors: [form] };
  const reader: Reader = { obj: spec, path: 'spec', errors: [] };
  const parsed = form === 'original' ? parseOriginal(reader) : parseFull(reader);
  // behavior, fallback, activation, schedules: beside either form (lib/spec/extraTypes.ts).
  const extras = parseExtras(reader, parsed?.minReplicas);
  // spec.formula (full form): one value from the named metrics (lib/formula).
  const formula = readFormula(reader, parsed && { ...parsed, ...extras });
  // spec.forecast: predictive pre-scaling (lib/forecast).
  const forecast = parseForecastSettings(spec.forecast);
  if (!forecast.ok) reader.errors.push(...forecast.errors);
  const settings = forecast.ok ? forecast.settings : undefined;
  if (parsed !== undefined && reader.errors.length === 0) {
    const extra = { ...(formula && { formula }), ...(settings && { forecast: settings }) };
    return { ok: true, spec: { ...parsed, ...extras, ...extra } };
  }
  return { ok: false, errors: reader.errors };
}
