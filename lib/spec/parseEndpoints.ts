/** `metrics[].http.fromServiceEndpoints`: a Service whose ready endpoints are each read. */
import {
  checkEnum,
  checkInteger,
  checkString,
  readNumber,
  readObject,
  readString,
  type Reader,
} from './fields.js';
import { SOURCE_RULES, STRING_RULES } from './rules.js';
import type { MetricAggregate, ServiceEndpoints } from './types.js';

/** Undefined when absent; `false` when set but wrong (errors recorded). */
export function readServiceEndpoints(http: Reader): ServiceEndpoints | undefined | false {
  const reader = readObject(http, 'fromServiceEndpoints', { optional: true });
  if (!reader) return http.obj.fromServiceEndpoints === undefined ? undefined : false;
  const service = readString(reader, 'service', checkString(SOURCE_RULES.serviceName));
  const namespace = readString(reader, 'namespace', checkString(STRING_RULES.namespace));
  const port = readNumber(reader, 'port', checkInteger(1, 65535));
  const aggregate = readString(reader, 'aggregate', checkEnum(SOURCE_RULES.aggregates)) as
    MetricAggregate | undefined;
  if (!service || !namespace || port === undefined || !aggregate) return false;
  return { service, namespace, port, aggregate };
}
