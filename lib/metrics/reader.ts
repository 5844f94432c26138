/**
 * Reads the metrics of one reconcile run. Identical requests — same URL, method, body, format,
 * plain headers and `auth` — are sent at most once per reader (resources sharing an endpoint share
 * its body), and credentials are resolved just before sending.
 *
 * Under load, one slow or dead host costs the run at most its own timeout: a request waits for a
 * slot of its host (`concurrencyPerHost`) before it waits for a global one (`concurrency`), so a
 * slow host's queue never holds global slots; and a per-run circuit breaker per host
 * (lib/metrics/breaker.ts) skips a host's remaining requests after `hostFailureLimit` timeouts or
 * network errors in a row.
 */
import { createAuthResolver, type AuthResolver } from '../auth/resolve.js';
import { DEFAULTS } from '../config.js';
import { isPrometheusSource, type MetricSource } from '../spec/types.js';
import { createLimiter, type Limiter } from '../util/limit.js';
import { createBreaker, skippedMessage, type HostBreaker, type TripKind } from './breaker.js';
import { readFromEndpoints, type EndpointsDeps } from './endpoints.js';
import { fetchBody } from './fetch.js';
import { createHostLimiter, hostOf, type HostLimiter } from './hostLimit.js';
import { extractQueryResult, toQueryUrl } from './promApi.js';
import { readFailed } from './readFailed.js';
import { describeUrl } from './redact.js';
import type { BodyResult, MetricFetchOptions, MetricResult } from './types.js';
import { extractMetric } from './values.js';

export type FetchBody = (url: string, opts: MetricFetchOptions) => Promise<BodyResult>;

export type MetricReaderOptions = MetricFetchOptions & {
  /** Requests in flight at once, across all hosts. */
  readonly concurrency: number;
  /** Requests in flight at once to one `host[:port]`; default 8 (METRIC_CONCURRENCY_PER_HOST). */
  readonly concurrencyPerHost?: number;
  /** Timeouts/network errors in a row that stop a host for the run; default 3. */
  readonly hostFailureLimit?: number;
  /** EndpointSlices for `http.fromServiceEndpoints`; absent → such metrics fail. */
  readonly endpoints?: EndpointsDeps;
};

type Failure = Extract<BodyResult, { ok: false }>;

/** No Secrets, no Azure scopes: every `auth` fails cleanly. */
const NO_AUTH = createAuthResolver({ secretsNamespaces: [] });

interface Planned {
  readonly url: string;
  readonly key: string;
  readonly request: Omit<MetricFetchOptions, 'timeoutMs' | 'maxBytes'>;
}

function plan(source: MetricSource): Planned {
  if (isPrometheusSource(source)) {
    const url = toQueryUrl(source);
    return { url, key: JSON.stringify(['prometheus', url, source.auth ?? null]), request: {} };
  }
  const { url, method, body, format, headers, auth } = source;
  const plain = Object.fromEntries((headers ?? []).map((h) => [h.name, h.value]));
  const request = {
    ...(method === 'POST' ? { method, body: body ?? {} } : {}),
    format: format === undefined ? 'json' : format === 'prometheus' ? 'text' : format,
    ...(headers ? { headers: plain } : {}),
  };
  return { url, key: JSON.stringify(['http', url, request, auth ?? null]), request };
}

export class MetricReader {
  readonly #opts: MetricFetchOptions;
  readonly #fetch: FetchBody;
  readonly #auth: AuthResolver;
  readonly #limit: Limiter;
  readonly #hostLimit: HostLimiter;
  readonly #breaker: HostBreaker;
  readonly #failureLimit: number;
  readonly #endpoints: EndpointsDeps | undefined;
  readonly #bodies = new Map<string, Promise<BodyResult>>();
  #fetchCount = 0;
  #skipCount = 0;

  constructor(
    opts: MetricReaderOptions,
    fetch: FetchBody = fetchBody,
    auth: AuthResolver = NO_AUTH,
  ) {
    const { timeoutMs, maxBytes, network } = opts;
    this.#opts = { timeoutMs, maxBytes, ...(network ? { network } : {}) };
    this.#fetch = fetch;
    this.#auth = auth;
    this.#limit = createLimiter(opts.concurrency);
    this.#hostLimit = createHostLimiter(
      opts.concurrencyPerHost ?? DEFAULTS.metricConcurrencyPerHost,
    );
    this.#failureLimit = opts.hostFailureLimit ?? DEFAULTS.metricHostFailureLimit;
    this.#breaker = createBreaker(this.#failureLimit);
    this.#endpoints = opts.endpoints;
  }

  /** HTTP requests actually started by this reader (skipped ones are not counted). */
  get fetchCount(): number {
    return this.#fetchCount;
  }

  /** Requests not sent because their host's circuit breaker was open. */
  get skipCount(): number {
    return this.#skipCount;
  }

  /**
   * Never rejects: a throw while reading or evaluating (a bug, a parser past its limits) is
   * this metric's `parse` failure, so its `fallback`, `??` and the per-endpoint k/n rule apply.
   */
  async read(source: MetricSource): Promise<MetricResult> {
    try {
      return await this.#read(source);
    } catch (err) {
      return readFailed(source, err);
    }
  }

  async #read(source: MetricSource): Promise<MetricResult> {
    if (!isPrometheusSource(source) && source.fromServiceEndpoints) {
      const { fromServiceEndpoints, ...one } = source;
      return readFromEndpoints({ ...one, fromServiceEndpoints }, this.#endpoints, (url) =>
        this.read({ ...one, url }),
      );
    }
    const planned = plan(source);
    const body = await this.#fetchOnce(planned, source);
    if (!body.ok) return body;
    const where = describeUrl(planned.url);
    return isPrometheusSource(source)
      ? extractQueryResult(body.body, where)
      : extractMetric(body.body, source, where);
  }

  #fetchOnce(planned: Planned, source: MetricSource): Promise<BodyResult> {
    const known = this.#bodies.get(planned.key);
    if (known !== undefined) return known;
    const body = this.#send(planned, source).catch(
      // Unreachable unless an injected dependency breaks its contract; never abort the run.
      (): BodyResult => requestFailed(describeUrl(planned.url)),
    );
    this.#bodies.set(planned.key, body);
    return body;
  }

  /** Host slot → breaker admission → global slot → request → breaker record. */
  #send(planned: Planned, source: MetricSource): Promise<BodyResult> {
    const host = hostOf(planned.url);
    const request = () => this.#limit(() => this.#request(planned, source));
    if (host === undefined) return request(); // fetchBody refuses it without a connection
    const early = this.#breaker.openKind(host); // skip without queueing behind the host
    if (early) return Promise.resolve(this.#skipped(early, planned.url));
    return this.#hostLimit(host, async () => {
      const open = await this.#breaker.admit(host);
      if (open) return this.#skipped(open, planned.url);
      let result: BodyResult = requestFailed(describeUrl(planned.url));
      try {
        result = await request();
      } finally {
        this.#breaker.record(host, result);
      }
      return result;
    });
  }

  #skipped(kind: TripKind, url: string): Failure {
    this.#skipCount += 1;
    return { ok: false, kind, message: skippedMessage(describeUrl(url), this.#failureLimit) };
  }

  async #request(planned: Planned, source: MetricSource): Promise<BodyResult> {
    const where = describeUrl(planned.url);
    const auth = await this.#auth(source.auth, planned.url);
    if (!auth.ok) return { ok: false, kind: 'auth', message: `${where}: ${auth.message}` };
    const headers = { ...planned.request.headers, ...auth.headers };
    const tls = auth.tls ? { tls: auth.tls } : {};
    const hasHeaders = Object.keys(headers).length > 0;
    this.#fetchCount += 1;
    try {
      return await this.#fetch(planned.url, {
        ...this.#opts,
        ...planned.request,
        ...(hasHeaders ? { headers } : {}),
        ...tls,
      });
    } catch {
      // `fetchBody` never rejects; an injected fetch that does counts as a network failure.
      return requestFailed(where);
    }
  }
}

const requestFailed = (where: string): Failure => ({
  ok: false,
  kind: 'network',
  message: `${where}: request failed`,
});
