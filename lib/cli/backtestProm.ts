/**
 * The demand series of `backtest --prometheus`: consecutive range queries of at most MAX_POINTS
 * steps (lib/history/promRange.ts: the metric sources' network guard, no redirects, a body cap,
 * one deadline), one after the other, as a one-column Series. The network policy is the
 * reconciler's setting METRIC_ALLOWED_NETWORKS (a Prometheus on 127.0.0.1 needs
 * `METRIC_ALLOWED_NETWORKS=127.0.0.0/8`). The only credential is a bearer token read from the
 * environment variable --bearer-token-env names, sent only over https or to a loopback host.
 */
import type { AuthResolver } from '../auth/resolve.js';
import { MAX_POINTS } from '../history/codec.js';
import { readPromRange, type RangeDeps } from '../history/promRange.js';
import { classifyAddress } from '../net/classify.js';
import { parseIp } from '../net/ip.js';
import { createPolicy } from '../net/policy.js';
import type { Series, SeriesRow } from '../simulate/series.js';
import type { PromInput } from './backtestPromArgs.js';

/** Per range query: a deadline for connect + headers + body, and a cap on the body. */
export const RANGE_TIMEOUT_MS = 30_000;
export const RANGE_MAX_BYTES = 4 * 1024 * 1024;

type Env = Readonly<Record<string, string | undefined>>;

function isLoopback(url: URL): boolean {
  const name = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const ip = parseIp(name);
  return name === 'localhost' || (ip !== undefined && classifyAddress(ip) === 'loopback');
}

/** The Authorization header the CLI may send, or why not. */
function toAuth(input: PromInput, env: Env): AuthResolver {
  const name = input.bearerTokenEnv;
  if (name === undefined) return () => Promise.resolve({ ok: true, headers: {} });
  const token = env[name]?.trim() ?? '';
  if (token === '') throw new Error(`environment variable ${name} is empty or not set`);
  if (!/^[\x21-\x7e]{1,8192}$/.test(token)) {
    throw new Error(`environment variable ${name} is not a token (one line of visible ASCII)`);
  }
  const url = new URL(input.url);
  if (url.protocol !== 'https:' && !isLoopback(url)) {
    throw new Error('a bearer token is only sent over https (or to a loopback host)');
  }
  return () => Promise.resolve({ ok: true, headers: { Authorization: `Bearer ${token}` } });
}

function readPolicy(env: Env) {
  try {
    return createPolicy(env.METRIC_ALLOWED_NETWORKS);
  } catch (err) {
    throw new Error(`setting METRIC_ALLOWED_NETWORKS: ${(err as Error).message}`, { cause: err });
  }
}

export interface PromSeries {
  readonly series: Series;
  /** What was read, safe to print: queries, steps, gaps. */
  readonly summary: string;
}

export async function readPromSeries(
  input: PromInput,
  metric: string,
  env: Env,
  fetch?: RangeDeps['fetch'],
): Promise<PromSeries> {
  const deps: RangeDeps = {
    options: { timeoutMs: RANGE_TIMEOUT_MS, maxBytes: RANGE_MAX_BYTES, network: readPolicy(env) },
    auth: toAuth(input, env),
    ...(fetch && { fetch }),
  };
  const source = { serverAddress: input.url, query: input.query };
  const { startSeconds, stepSeconds } = input;
  const total = (input.endSeconds - startSeconds) / stepSeconds + 1;
  const values: number[] = [];
  let queries = 0;
  let refused = 0;
  let found = false;
  while (values.length < total) {
    const points = Math.min(MAX_POINTS, total - values.length);
    const from = startSeconds + values.length * stepSeconds;
    const r = await readPromRange(source, { startSeconds: from, stepSeconds, points }, deps);
    if (!r.ok) throw new Error(`prometheus: ${r.message}`);
    queries += 1;
    refused += r.refused;
    found ||= r.found;
    values.push(...r.history.values);
  }
  const gaps = values.filter((v) => Number.isNaN(v)).length;
  if (!found || gaps === values.length) {
    throw new Error('prometheus: the query returned no samples from --start to --end');
  }
  const rows: SeriesRow[] = values.map((v, i) => {
    const at = (startSeconds + i * stepSeconds) * 1000;
    return {
      time: new Date(at).toISOString(),
      at,
      values: { [metric]: Number.isNaN(v) ? undefined : v },
    };
  });
  const why = refused > 0 ? ` (${refused} NaN, infinite or negative)` : '';
  const summary = `read ${values.length} steps in ${queries} range queries; ${gaps} gaps${why}`;
  return { series: { names: [metric], rows }, summary };
}
