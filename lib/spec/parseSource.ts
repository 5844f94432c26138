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
  isObject,
  isSet,
  readList,
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
  MetricAuth,
  MetricFormat,
  PrometheusMetricSource,
  SecretKeyRef,
} from './types.js';
import { checkHttpUrl } from './url.js';

const DOT_PATH = new RegExp(STRING_RULES.valuePath.pattern);
const checkName = checkString(STRING_RULES.name);
const checkNamespace = checkString(STRING_RULES.namespace);
const checkSecretKey = checkString(SOURCE_RULES.secretKey);
const checkQuery = checkString(SOURCE_RULES.query);
const checkScope = checkString(SOURCE_RULES.azureScope);

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

/** Reads a list of objects; `readItem` gets a Reader per item. Undefined when absent or wrong. */
function readItems<T>(
  reader: Reader,
  key: string,
  max: number,
  readItem: (r: Reader) => T | undefined,
) {
  if (!isSet(reader.obj[key])) return { ok: true, items: undefined };
  const list = readList(reader, key, 1, max);
  if (list === undefined) return { ok: false, items: undefined };
  const items = list.map((item, i) => {
    const path = `${reader.path}.${key}[${i}]`;
    if (isObject(item)) return readItem({ obj: item, path, errors: reader.errors });
    reader.errors.push({ field: path, message: 'must be an object' });
    return undefined;
  });
  return items.every((x) => x !== undefined)
    ? { ok: true, items: items as T[] }
    : { ok: false, items: undefined };
}

function readSecretKeyRef(reader: Reader): SecretKeyRef | undefined {
  const ref = readObject(reader, 'secretKeyRef');
  if (!ref) return undefined;
  const name = readString(ref, 'name', checkName);
  const key = readString(ref, 'key', checkSecretKey);
  const namespace = readString(ref, 'namespace', checkNamespace, { optional: true });
  if (name === undefined || key === undefined) return undefined;
  return { name, key, ...(namespace === undefined ? {} : { namespace }) };
}

function readAuth(source: Reader): MetricAuth | undefined | false {
  if (!isSet(source.obj.auth)) return undefined;
  const auth = readObject(source, 'auth');
  if (!auth) return false;
  const before = auth.errors.length;
  const headers = readItems(auth, 'headers', SOURCE_RULES.maxHeaders, (h) => {
    const name = readString(h, 'name', checkHeaderName);
    const secretKeyRef = readSecretKeyRef(h);
    return name === undefined || !secretKeyRef ? undefined : { name, secretKeyRef };
  });
  const azureReader = readObject(auth, 'azure', { optional: true });
  const scope = azureReader && readString(azureReader, 'scope', checkScope);
  const tlsReader = readObject(auth, 'tls', { optional: true });
  const secretName = tlsReader && readString(tlsReader, 'secretName', checkName);
  const tlsNamespace =
    tlsReader && readString(tlsReader, 'namespace', checkNamespace, { optional: true });
  if (auth.errors.length > before || !headers.ok) return false;
  return {
    ...(headers.items ? { headers: headers.items } : {}),
    ...(scope !== undefined ? { azure: { scope } } : {}),
    ...(secretName !== undefined
      ? { tls: { secretName, ...(tlsNamespace ? { namespace: tlsNamespace } : {}) } }
      : {}),
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
  if (
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
