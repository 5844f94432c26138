/**
 * Reads the metrics of one reconcile run. Each distinct URL is fetched at most once per reader
 * (resources sharing an endpoint share its body), and all fetches pass through one limiter.
 */
import { createLimiter, type Limiter } from '../util/limit.js';
import type { HttpMetricSource } from '../spec/types.js';
import { extractValue } from './extract.js';
import { fetchBody } from './fetch.js';
import { describeUrl } from './redact.js';
import type { BodyResult, MetricFetchOptions, MetricResult } from './types.js';

export type FetchBody = (url: string, opts: MetricFetchOptions) => Promise<BodyResult>;

export type MetricReaderOptions = MetricFetchOptions & { readonly concurrency: number };

export class MetricReader {
  readonly #opts: MetricFetchOptions;
  readonly #fetch: FetchBody;
  readonly #limit: Limiter;
  /** Keyed by the URL string exactly as written in the spec. */
  readonly #bodies = new Map<string, Promise<BodyResult>>();
  #fetchCount = 0;

  constructor(opts: MetricReaderOptions, fetch: FetchBody = fetchBody) {
    this.#opts = { timeoutMs: opts.timeoutMs, maxBytes: opts.maxBytes };
    this.#fetch = fetch;
    this.#limit = createLimiter(opts.concurrency);
  }

  /** HTTP requests actually started by this reader. */
  get fetchCount(): number {
    return this.#fetchCount;
  }

  async read(source: HttpMetricSource): Promise<MetricResult> {
    const body = await this.#fetchOnce(source.url);
    if (!body.ok) return body;
    return extractValue(body.body, source.valuePath, describeUrl(source.url));
  }

  #fetchOnce(url: string): Promise<BodyResult> {
    const known = this.#bodies.get(url);
    if (known !== undefined) return known;
    const body = this.#limit(() => {
      this.#fetchCount += 1;
      return this.#fetch(url, this.#opts);
    }).catch((): BodyResult => {
      // `fetchBody` never rejects; an injected fetch that does must not abort the run.
      return { ok: false, kind: 'network', message: `${describeUrl(url)}: request failed` };
    });
    this.#bodies.set(url, body);
    return body;
  }
}
