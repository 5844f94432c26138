/** `spec.metrics` of the full form: name, http | prometheus (parseSource.ts), target {type, value|averageValue}. */
import {
  checkEnum,
  checkPositiveNumber,
  checkString,
  isObject,
  isSet,
  readList,
  readNumber,
  readObject,
  readString,
  report,
  type Reader,
} from './fields.js';
import { MAX_METRICS, STRING_RULES } from './rules.js';
import { readHttp, readPrometheus } from './parseSource.js';
import type { MetricSpec, MetricTarget } from './types.js';

const TARGET_TYPES = ['AverageValue', 'Value'] as const;
type TargetType = (typeof TARGET_TYPES)[number];
/** The number field each target type uses. */
const VALUE_KEY = { AverageValue: 'averageValue', Value: 'value' } as const;

export function readTarget(metric: Reader): MetricTarget | undefined {
  const reader = readObject(metric, 'target');
  if (reader === undefined) return undefined;
  const type = readString(reader, 'type', checkEnum(TARGET_TYPES)) as TargetType | undefined;
  const averageValue = readNumber(reader, 'averageValue', checkPositiveNumber, { optional: true });
  const value = readNumber(reader, 'value', checkPositiveNumber, { optional: true });
  if (type === undefined) return undefined;
  const key = VALUE_KEY[type];
  const other = type === 'Value' ? VALUE_KEY.AverageValue : VALUE_KEY.Value;
  let ok = true;
  if (!isSet(reader.obj[key])) {
    report(reader, key, `is required when type is ${type}`);
    ok = false;
  }
  if (isSet(reader.obj[other])) {
    report(reader, other, `must not be set when type is ${type}`);
    ok = false;
  }
  if (!ok) return undefined;
  if (type === 'Value') return value === undefined ? undefined : { type, value };
  return averageValue === undefined ? undefined : { type, averageValue };
}

function readMetric(
  item: unknown,
  path: string,
  reader: Reader,
  hasFormula: boolean,
): MetricSpec | undefined {
  if (!isObject(item)) {
    reader.errors.push({ field: path, message: 'must be an object' });
    return undefined;
  }
  const metric: Reader = { obj: item, path, errors: reader.errors };
  const name = readString(metric, 'name', checkString(STRING_RULES.metricName));
  const hasPrometheus = isSet(item.prometheus);
  if (hasPrometheus && isSet(item.http)) {
    report(metric, 'prometheus', 'must not be set together with http (one source per metric)');
  }
  const http = readHttp(metric, !hasPrometheus);
  const prometheus = readPrometheus(metric);
  // With spec.formula the formula's target applies and a metric's own one is optional (unused).
  const optional = hasFormula && !isSet(item.target);
  const target = optional ? undefined : readTarget(metric);
  if (name === undefined || (target === undefined && !optional)) return undefined;
  const withTarget = target === undefined ? {} : { target };
  if (http) return { name, http, ...withTarget };
  return prometheus && !isSet(item.http) ? { name, prometheus, ...withTarget } : undefined;
}

/** Reports each repeated name at its later position, pointing at the first. */
function reportDuplicateNames(items: readonly unknown[], path: string, reader: Reader): void {
  const firstIndex = new Map<unknown, number>();
  items.forEach((item, index) => {
    const name = isObject(item) ? item.name : undefined;
    if (typeof name !== 'string') return;
    const first = firstIndex.get(name);
    if (first === undefined) firstIndex.set(name, index);
    else
      report(reader, `metrics[${index}].name`, `must be unique (same as ${path}[${first}].name)`);
  });
}

/** Reads `spec.metrics`; undefined when any error was recorded. */
export function parseMetrics(spec: Reader): MetricSpec[] | undefined {
  const items = readList(spec, 'metrics', 1, MAX_METRICS);
  if (items === undefined) return undefined;
  const path = `${spec.path}.metrics`;
  const hasFormula = isSet(spec.obj.formula);
  const metrics = items.map((item, index) =>
    readMetric(item, `${path}[${index}]`, spec, hasFormula),
  );
  const before = spec.errors.length;
  reportDuplicateNames(items, path, spec);
  if (spec.errors.length > before) return undefined;
  return metrics.every((m) => m !== undefined) ? metrics : undefined;
}
