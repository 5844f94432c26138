/**
 * The Prometheus HTTP API's instant query (`GET /api/v1/query?query=…`): the request URL and
 * the one sample its answer must hold. Pure. Messages give counts and result types, never labels
 * or values (series labels may name customers).
 */
import type { PrometheusMetricSource } from '../spec/types.js';
import { combineSelected } from './values.js';
import type { MetricResult } from './types.js';

export function toQueryUrl(source: PrometheusMetricSource): string {
  const base = source.serverAddress.endsWith('/')
    ? source.serverAddress
    : `${source.serverAddress}/`;
  const url = new URL('api/v1/query', base);
  url.searchParams.set('query', source.query);
  return url.toString();
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `[timestamp, "value"]` → "value". */
const sampleValue = (pair: unknown): unknown =>
  Array.isArray(pair) ? (pair as unknown[])[1] : undefined;

export function extractQueryResult(body: unknown, where: string): MetricResult {
  const fail = (reason: string): MetricResult => ({
    ok: false,
    kind: 'parse',
    message: `${where}: ${reason}`,
  });
  if (!isObj(body) || !isObj(body.data)) return fail('not a Prometheus query response');
  if (body.status !== 'success') {
    const type =
      typeof body.errorType === 'string' && /^[a-z_]{1,32}$/.test(body.errorType)
        ? ` (${body.errorType})`
        : '';
    return fail(`query failed${type}`);
  }
  const { resultType, result } = body.data;
  if (resultType === 'scalar')
    return combineSelected([sampleValue(result)], undefined, where, 'the scalar result');
  if (resultType !== 'vector' || !Array.isArray(result)) {
    return fail(
      `query returned a ${typeof resultType === 'string' && /^[a-z]{1,16}$/.test(resultType) ? resultType : 'non-vector'} (expected one sample)`,
    );
  }
  if (result.length !== 1) return fail(`query returned ${result.length} series (expected 1)`);
  const only: unknown = result[0];
  return combineSelected(
    [isObj(only) ? sampleValue(only.value) : undefined],
    undefined,
    where,
    'the sample',
  );
}
