/**
 * The HTTP contract between the REST adapter (restPort.ts) and a transport (transport.ts): one
 * request in, parsed JSON or an `HttpStatusError` out. No imports, so every kube module can use
 * it without a cycle.
 */

/**
 * One API request: JSON in, parsed JSON out; a status >= 400 rejects with `HttpStatusError`.
 * `accept` replaces `application/json` (e.g. `METADATA_ONLY`).
 */
export type Transport = (
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  path: string,
  body?: unknown,
  contentType?: string,
  accept?: string,
) => Promise<unknown>;

/**
 * Asks for the written object's metadata only (the API server's PartialObjectMetadata; served
 * since 1.15, plain JSON where not): a `/status` patch or an event then answers with a few
 * hundred bytes instead of the whole object, less for the server to encode and for us to parse.
 */
export const METADATA_ONLY =
  'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';

export const MERGE_PATCH = 'application/merge-patch+json';

/** An API server answer >= 400. `body` is kept only to read the Status `reason`. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    /** The `Retry-After` header of a 429/503, as sent. */
    readonly retryAfter?: string,
  ) {
    super(`HTTP ${status}`);
    this.name = 'HttpStatusError';
  }
}

/** Requests sent, by verb (GET, LIST, PATCH, POST, PUT); incremented before each request. */
export interface RequestCounters {
  readonly byVerb: Record<string, number>;
}

export const seg = encodeURIComponent;

export const pageQuery = (limit: number, cont?: string) =>
  `?limit=${limit}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`;
