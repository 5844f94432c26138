/**
 * The Prometheus HTTP API's range query (`GET /api/v1/query_range`): the request URL, and its
 * answer (a matrix of one series) as a MetricHistory: one value per step, NaN for a step with no
 * sample. Pure, linear, with a budget: a request asks for at most MAX_POINTS steps, and an answer
 * with more samples than it asked for is refused before any sample is read.
 *
 * A sample reads as a metric read does (lib/metrics/values.ts): a plain decimal >= 0 is the
 * value; `NaN`, `+Inf`, `-Inf` and negative numbers are failed reads (gaps, counted in
 * `refused`); anything else refuses the answer. Messages give counts and result types, never
 * labels or values (series labels may name customers).
 */
import type { MetricResult } from '../metrics/types.js';
import { MAX_POINTS, type MetricHistory } from './codec.js';

type Failure = Extract<MetricResult, { ok: false }>;

/** Steps `startSeconds`, `startSeconds + stepSeconds`, … (`points` of them). */
export interface RangeRequest {
  readonly startSeconds: number;
  readonly stepSeconds: number;
  readonly points: number;
}

export type RangeResult =
  | {
      readonly ok: true;
      /** `endSeconds` is the last step asked for, whatever the answer held. */
      readonly history: MetricHistory;
      /** Samples read as gaps: NaN, ±Inf or negative. */
      readonly refused: number;
      /** False when the query returned no series at all. */
      readonly found: boolean;
    }
  | Failure;

/** Null when the range may be asked for, else why not. */
export function checkRange(r: RangeRequest): string | null {
  if (!Number.isInteger(r.stepSeconds) || r.stepSeconds < 1) {
    return 'the step must be a whole number of seconds >= 1';
  }
  if (!Number.isInteger(r.startSeconds) || r.startSeconds < 0) {
    return 'the start must be a whole number of Unix seconds';
  }
  if (!Number.isInteger(r.points) || r.points < 1 || r.points > MAX_POINTS) {
    return `a range query asks for 1 to ${MAX_POINTS} steps (budget), not ${r.points}`;
  }
  return null;
}

export const endOf = (r: RangeRequest): number => r.startSeconds + (r.points - 1) * r.stepSeconds;

export function toRangeUrl(serverAddress: string, query: string, r: RangeRequest): string {
  const base = serverAddress.endsWith('/') ? serverAddress : `${serverAddress}/`;
  const url = new URL('api/v1/query_range', base);
  url.searchParams.set('query', query);
  url.searchParams.set('start', String(r.startSeconds));
  url.searchParams.set('end', String(endOf(r)));
  url.searchParams.set('step', String(r.stepSeconds));
  return url.toString();
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;
const NON_FINITE = new Set(['NaN', '+Inf', '-Inf', 'Inf']);
/** Longer than any float Prometheus writes (`'f'` format of a float64 is at most ~330 chars). */
const MAX_VALUE_CHARS = 400;

/** The value of a sample; NaN for a failed read; undefined when it is not a sample value. */
function readValue(raw: unknown): number | undefined {
  if (typeof raw !== 'string' || raw.length > MAX_VALUE_CHARS) return undefined;
  if (NON_FINITE.has(raw)) return NaN;
  if (!PLAIN_DECIMAL.test(raw)) return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? (n === 0 ? 0 : n) : NaN;
}

function describeType(t: unknown): string {
  return typeof t === 'string' && /^[a-z]{1,16}$/.test(t) ? t : 'non-matrix';
}

/** The history of the one series in `body`, a parsed `query_range` answer for `r`. */
export function parseRangeBody(body: unknown, r: RangeRequest, where: string): RangeResult {
  const fail = (reason: string, kind: Failure['kind'] = 'parse'): Failure => ({
    ok: false,
    kind,
    message: `${where}: ${reason}`,
  });
  if (!isObj(body) || !isObj(body.data)) return fail('not a Prometheus query response');
  if (body.status !== 'success') {
    const t = body.errorType;
    return fail(
      `query failed${typeof t === 'string' && /^[a-z_]{1,32}$/.test(t) ? ` (${t})` : ''}`,
    );
  }
  const { resultType, result } = body.data;
  if (resultType !== 'matrix' || !Array.isArray(result)) {
    return fail(`query returned a ${describeType(resultType)} (expected a matrix)`);
  }
  const values = new Array<number>(r.points).fill(NaN);
  const history = { stepSeconds: r.stepSeconds, endSeconds: endOf(r), values };
  if (result.length === 0) return { ok: true, history, refused: 0, found: false };
  if (result.length !== 1) {
    return fail(`query returned ${result.length} series (expected 1: aggregate them, e.g. sum)`);
  }
  const series: unknown = result[0];
  const samples = isObj(series) ? series.values : undefined;
  if (!Array.isArray(samples)) return fail('the series has no float samples');
  if (samples.length > r.points) {
    return fail(
      `the series has ${samples.length} samples, more than the ${r.points} steps asked for`,
      'too-large',
    );
  }
  let refused = 0;
  let last = -1;
  for (const sample of samples as unknown[]) {
    const pair = Array.isArray(sample) && sample.length === 2 ? (sample as unknown[]) : undefined;
    const at = pair?.[0];
    if (typeof at !== 'number' || !Number.isFinite(at))
      return fail('a sample is not [time, value]');
    const index = Math.round((at - r.startSeconds) / r.stepSeconds);
    const onStep = Math.abs(r.startSeconds + index * r.stepSeconds - at) < 1e-3;
    if (!onStep || index < 0 || index >= r.points) {
      return fail('a sample time is not one of the steps asked for');
    }
    if (index <= last) return fail('sample times do not increase');
    last = index;
    const value = readValue(pair?.[1]);
    if (value === undefined) return fail('a sample value is not a number');
    if (Number.isNaN(value)) refused += 1;
    values[index] = value;
  }
  return { ok: true, history, refused, found: true };
}
