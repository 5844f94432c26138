/** Outcome of reading one metric. Expected failures are values, never exceptions. */
import type { NetworkPolicy } from '../net/policy.js';

export type MetricErrorKind =
  'timeout' | 'http' | 'parse' | 'network' | 'too-large' | 'blocked' | 'auth';

export type MetricResult =
  | {
      readonly ok: true;
      readonly value: number;
      /** Safe to publish; e.g. `2/3 endpoints` for a value read from a Service's endpoints. */
      readonly note?: string;
    }
  | {
      readonly ok: false;
      readonly kind: MetricErrorKind;
      /**
       * Human-readable and safe to publish: names at most `host/path` of the URL, never its
       * query string, userinfo, header values or any part of the response body.
       */
      readonly message: string;
    };

/** Outcome of one request to a metric URL, before a value is extracted from it. */
export type BodyResult =
  { readonly ok: true; readonly body: unknown } | Extract<MetricResult, { ok: false }>;

/** PEM texts for client TLS (from a Secret). */
export interface ClientTls {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
}

/** What to send beyond a plain GET; every field is optional (default: GET, JSON). */
export interface MetricRequestOptions {
  readonly method?: 'GET' | 'POST';
  /** Sent as JSON (POST only). */
  readonly body?: unknown;
  /** Sent as application/x-www-form-urlencoded instead of `body` (POST only; OAuth2 tokens). */
  readonly form?: Readonly<Record<string, string>>;
  /** Already checked (see lib/auth/headers.ts) and resolved; values never appear in messages. */
  readonly headers?: Readonly<Record<string, string>>;
  /** `json` (default): the body is parsed as JSON. Others: the body is returned as a string. */
  readonly format?: 'json' | 'text' | 'yaml' | 'xml';
  readonly tls?: ClientTls;
}

export interface MetricFetchOptions extends MetricRequestOptions {
  /** Per-request timeout covering connect, headers and body. Default 5000. */
  readonly timeoutMs: number;
  /** Response size cap in bytes (decompressed). Default 1 MiB. */
  readonly maxBytes: number;
  /** Which addresses may be dialled; absent → STRICT_POLICY (no special-purpose address). */
  readonly network?: NetworkPolicy;
}
