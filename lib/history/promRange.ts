/**
 * Reads a Prometheus range query (`/api/v1/query_range`) as a MetricHistory, through the same
 * path as a metric source's instant query: its `auth` resolved by the run's AuthResolver (the
 * Secret host binding, Entra ID scopes, OAuth2), and one guarded request (lib/metrics/fetch.ts:
 * the network policy on every socket, no redirects, no proxy, a decompressed-size cap, one
 * deadline for connect + headers + body). Never throws; a failure names `host/path` only,
 * never the query string (the PromQL and the range), a header value or the body.
 */
import { createAuthResolver, type AuthResolver } from '../auth/resolve.js';
import { fetchBody } from '../metrics/fetch.js';
import type { FetchBody } from '../metrics/reader.js';
import { describeUrl } from '../metrics/redact.js';
import type { MetricFetchOptions } from '../metrics/types.js';
import type { PrometheusMetricSource } from '../spec/types.js';
import {
  checkRange,
  parseRangeBody,
  toRangeUrl,
  type RangeRequest,
  type RangeResult,
} from './promRangeParse.js';

export { checkRange, endOf, type RangeRequest, type RangeResult } from './promRangeParse.js';

export interface RangeDeps {
  /** Deadline, body cap (decompressed) and network policy of the request. */
  readonly options: Pick<MetricFetchOptions, 'timeoutMs' | 'maxBytes' | 'network'>;
  /** The run's resolver (Secrets, Entra ID, OAuth2); absent: every `auth` fails cleanly. */
  readonly auth?: AuthResolver;
  /** Absent: the guarded fetchBody. */
  readonly fetch?: FetchBody;
}

/** No Secrets, no Azure scopes: a source with `auth` fails with a clear message. */
const NO_AUTH = createAuthResolver({ secretsNamespaces: [] });

export async function readPromRange(
  source: PrometheusMetricSource,
  r: RangeRequest,
  deps: RangeDeps,
): Promise<RangeResult> {
  let url: string;
  try {
    url = toRangeUrl(source.serverAddress, source.query, r);
  } catch {
    return { ok: false, kind: 'network', message: '<invalid url>: invalid server address' };
  }
  const where = describeUrl(url);
  const invalid = checkRange(r);
  if (invalid !== null) return { ok: false, kind: 'parse', message: `${where}: ${invalid}` };
  try {
    const auth = await (deps.auth ?? NO_AUTH)(source.auth, url);
    if (!auth.ok) return { ok: false, kind: 'auth', message: `${where}: ${auth.message}` };
    const hasHeaders = Object.keys(auth.headers).length > 0;
    const body = await (deps.fetch ?? fetchBody)(url, {
      ...deps.options,
      format: 'json',
      ...(hasHeaders ? { headers: auth.headers } : {}),
      ...(auth.tls ? { tls: auth.tls } : {}),
    });
    return body.ok ? parseRangeBody(body.body, r, where) : body;
  } catch (err) {
    // Unreachable unless an injected dependency breaks its contract.
    const kind = err instanceof Error ? err.name : typeof err;
    return { ok: false, kind: 'parse', message: `${where}: failed (internal ${kind})` };
  }
}
