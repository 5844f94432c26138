/** `spec.schedules`: recurring windows with their own bounds (cron in an IANA time zone). */
import { checkCron, checkTimeZone } from '../schedule/cron.js';
import { EXTRA_DEFAULTS, EXTRA_LIMITS, type ScheduleSpec } from './extraTypes.js';
import {
  checkInteger,
  checkString,
  isObject,
  isSet,
  readList,
  readNumber,
  readString,
  report,
  type Check,
  type Reader,
} from './fields.js';
import { MAX_REPLICAS, STRING_RULES } from './rules.js';

const UNITS = { h: 3600, m: 60, s: 1 } as const;
export const DURATION_PATTERN = '^([0-9]+h)?([0-9]+m)?([0-9]+s)?$';

/** `8h`, `90m`, `1h30m`, `45s` → seconds; undefined when not a positive duration. */
export function parseDurationSeconds(raw: string): number | undefined {
  if (raw === '' || !new RegExp(DURATION_PATTERN).test(raw)) return undefined;
  let total = 0;
  for (const [, n, unit] of raw.matchAll(/([0-9]+)([hms])/g)) {
    total += Number(n) * UNITS[unit as keyof typeof UNITS];
  }
  return total > 0 ? total : undefined;
}

const checkDuration: Check = (v) => {
  if (typeof v !== 'string') return 'must be a string';
  const s = parseDurationSeconds(v);
  if (s === undefined) return 'must be a duration such as 8h, 90m or 1h30m';
  return s > EXTRA_LIMITS.maxDurationSeconds ? 'must be at most 168h' : null;
};
const checkCronField: Check = (v) =>
  typeof v !== 'string' || v.length > EXTRA_LIMITS.cronMaxLength
    ? 'must be a cron expression'
    : checkCron(v);
const checkZone: Check = (v) =>
  typeof v !== 'string' || v.length > EXTRA_LIMITS.timeZoneMaxLength
    ? 'must be an IANA time zone'
    : checkTimeZone(v);

function readSchedule(item: unknown, path: string, errors: Reader['errors']) {
  if (!isObject(item)) {
    errors.push({ field: path, message: 'must be an object' });
    return undefined;
  }
  const r: Reader = { obj: item, path, errors };
  const before = errors.length;
  const name = readString(r, 'name', checkString(STRING_RULES.metricName));
  const start = readString(r, 'start', checkCronField);
  const end = readString(r, 'end', checkCronField, { optional: true });
  const duration = readString(r, 'duration', checkDuration, { optional: true });
  const timeZone = readString(r, 'timeZone', checkZone, { fallback: EXTRA_DEFAULTS.timeZone });
  const minReplicas = readNumber(r, 'minReplicas', checkInteger(0, MAX_REPLICAS), {
    optional: true,
  });
  const maxReplicas = readNumber(r, 'maxReplicas', checkInteger(1, MAX_REPLICAS), {
    optional: true,
  });
  if (isSet(item.end) === isSet(item.duration))
    report(r, 'end', 'set exactly one of end and duration');
  if (!isSet(item.minReplicas) && !isSet(item.maxReplicas))
    report(r, 'minReplicas', 'set minReplicas, maxReplicas or both');
  if (minReplicas !== undefined && maxReplicas !== undefined && minReplicas > maxReplicas)
    report(r, 'minReplicas', `must be less than or equal to maxReplicas (${maxReplicas})`);
  if (errors.length > before || name === undefined || start === undefined || timeZone === undefined)
    return undefined;
  const s: ScheduleSpec = {
    name,
    start,
    timeZone,
    ...(end !== undefined && { end }),
    ...(duration !== undefined && { durationSeconds: parseDurationSeconds(duration) }),
    ...(minReplicas !== undefined && { minReplicas }),
    ...(maxReplicas !== undefined && { maxReplicas }),
  };
  return s;
}

export function parseSchedules(spec: Reader): ScheduleSpec[] | undefined {
  if (!isSet(spec.obj.schedules)) return undefined;
  const items = readList(spec, 'schedules', 1, EXTRA_LIMITS.maxSchedules);
  if (items === undefined) return undefined;
  const out = items.map((it, i) => readSchedule(it, `${spec.path}.schedules[${i}]`, spec.errors));
  const seen = new Set<string>();
  out.forEach((s, i) => {
    if (s === undefined) return;
    if (seen.has(s.name)) report(spec, `schedules[${i}].name`, 'must be unique');
    seen.add(s.name);
  });
  return out.every((s) => s !== undefined) ? out : undefined;
}
