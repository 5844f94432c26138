/** Outcome of reading one metric. Expected failures are values, never exceptions. */

export type MetricErrorKind = 'timeout' | 'http' | 'parse' | 'network' | 'too-large' | 'blocked';

export type MetricResult =
  | { readonly ok: true; readonly value: number }
  | {
      readonly ok: false;
      readonly kind: MetricErrorKind;
      /**
       * Human-readable and safe to publish: names at most `host/path` of the URL, never its
       * query string, userinfo, header values or any part of the response body.
       */
      readonly message: string;
    };

/** Outcome of one GET of a metric URL, before a value is extracted from it. */
export type BodyResult =
  { readonly ok: true; readonly body: unknown } | Extract<MetricResult, { ok: false }>;

export interface MetricFetchOptions {
  /** Per-request timeout covering connect, headers and body. Default 5000. */
  readonly timeoutMs: number;
  /** Response size cap in bytes. Default 1 MiB. */
  readonly maxBytes: number;
}
