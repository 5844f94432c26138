/**
 * `metrics[].http` and `metrics[].prometheus` with their `auth`: the metric sources. Field errors
 * never quote a value (URLs and bodies may hold secrets).
 */
import { checkHeaderName, checkHeaderValue } from '../auth/headers.js';
import { parseJsonPath } from '../metrics/jsonpath.js';
import { parseSelector } from '../metrics/exposition.js';
import {
  checkEnum,
  checkString,
  readObject,
  readString,
  report,
  type Check,
  type Reader,
} from './fields.js';
import { SOURCE_RULES, SPEC_DEFAULTS, STRING_RULES } from './rules.js';
import type {
  HttpMetricSource,
  MetricAggregate,
  MetricFormat,
  PrometheusMetricSource,
} from './types.js';
import { checkHttpUrl } from './url.js';
import { readAuth, readItems } from './parseAuth.js';
import { readServiceEndpoints } from './parseEndpoints.js';

const DOT_PATH = new RegExp(STRING_RULES.valuePath.pattern);
const checkQuery = checkString(SOURCE_RULES.query);

const checkJsonBody: Check = (value) => {
  if (typeof value !== 'string') return 'must be a string of JSON';
  if (value.length > SOURCE_RULES.maxBodyBytes) {
    return `must be at most ${SOURCE_RULES.maxBodyBytes} characters`;
  }
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null ? null : 'must be a JSON object or list';
  } catch {
    return 'must be JSON';
  }
};

function checkValuePath(format: MetricFormat): Check {
  const shape = checkString(SOURCE_RULES.valuePath);
  return (value) => {
    const reason = shape(value);
    if (reason !== null || typeof value !== 'string') return reason;
    if (format === 'prometheus') {
      const selector = parseSelector(value);
      return typeof selector === 'string' ? `must be a series selector: ${selector}` : null;
    }
    if (value.startsWith('$')) {
      const path = parseJsonPath(value);
      return typeof path === 'string' ? `must be a supported JSONPath: ${path}` : null;
    }
    return DOT_PATH.test(value) ? null : `must be ${STRING_RULES.valuePath.expected}`;
  };
}

export function readHttp(metric: Reader, required: boolean): HttpMetricSource | undefined {
  const reader = readObject(metric, 'http', { optional: !required });
  if (reader === undefined) return undefined;
  const before = reader.errors.length;
  const url = readString(reader, 'url', checkHttpUrl);
  const format = (readString(reader, 'format', checkEnum(SOURCE_RULES.formats), {
    fallback: 'json',
  }) ?? 'json') as MetricFormat;
  const valuePath = readString(reader, 'valuePath', checkValuePath(format), {
    fallback: SPEC_DEFAULTS.valuePath,
  });
  const method = readString(reader, 'method', checkEnum(['GET', 'POST']), { optional: true }) as
    'GET' | 'POST' | undefined;
  const aggregate = readString(reader, 'aggregate', checkEnum(SOURCE_RULES.aggregates), {
    optional: true,
  }) as MetricAggregate | undefined;
  const body = readString(reader, 'body', checkJsonBody, { optional: true });
  if (body !== undefined && method !== 'POST')
    report(reader, 'body', 'is only sent with method POST');
  const headers = readItems(reader, 'headers', SOURCE_RULES.maxHeaders, (h) => {
    const name = readString(h, 'name', checkHeaderName);
    const value = readString(h, 'value', checkHeaderValue);
    return name === undefined || value === undefined ? undefined : { name, value };
  });
  const auth = readAuth(reader);
  const endpoints = readServiceEndpoints(reader);
  if (
    endpoints === false ||
    reader.errors.length > before ||
    url === undefined ||
    valuePath === undefined ||
    auth === false ||
    !headers.ok
  )
    return undefined;
  return {
    url,
    valuePath,
    ...(method ? { method } : {}),
    ...(body !== undefined ? { body: JSON.parse(body) as unknown } : {}),
    ...(format !== 'json' ? { format } : {}),
    ...(aggregate ? { aggregate } : {}),
    ...(headers.items ? { headers: headers.items } : {}),
    ...(auth ? { auth } : {}),
    ...(endpoints ? { fromServiceEndpoints: endpoints } : {}),
  };
}

export function readPrometheus(metric: Reader): PrometheusMetricSource | undefined {
  const reader = readObject(metric, 'prometheus', { optional: true });
  if (reader === undefined) return undefined;
  const serverAddress = readString(reader, 'serverAddress', checkHttpUrl);
  const query = readString(reader, 'query', checkQuery);
  const auth = readAuth(reader);
  if (serverAddress === undefined || query === undefined || auth === false) return undefined;
  return { serverAddress, query, ...(auth ? { auth } : {}) };
}
