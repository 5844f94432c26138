/**
 * One request to a metric URL, returning a `BodyResult` and never throwing.
 *
 * Safety, per the HTTP-polling pitfalls (reference §5): every socket goes through the network
 * guard (S1/S2, lib/net), no redirects (S4), no environment proxy, a decompressed-size cap (S6),
 * one deadline for connect + headers + body (S7), and messages that name only `host/path` (S5).
 * The cap is axios's `maxContentLength`, which the Node adapter counts on the body *after*
 * gunzip/inflate/brotli, aborting as soon as it is exceeded; integration tests pin this down.
 */
import axios, { type AxiosInstance } from 'axios';
import { BlockedError } from '../net/resolve.js';
import { clientFor, httpsAgentFor, senderFor } from './client.js';
import { parseBody } from './extract.js';
import { describeUrl } from './redact.js';
import type { BodyResult, MetricErrorKind, MetricFetchOptions } from './types.js';

export { createHttpClient, destroyHttpClient } from './client.js';

type Failure = Extract<BodyResult, { ok: false }>;

/** Shared by every fetch of the process that names no network policy (the strict default). */
export const sharedHttpClient: AxiosInstance = clientFor();

const TLS_CODES = new Set([
  'EPROTO',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

function fail(kind: MetricErrorKind, where: string, reason: string): Failure {
  return { ok: false, kind, message: `${where}: ${reason}` };
}

function isHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** A fixed phrase per error code: never the error's own message, which may quote the URL. */
function describeNetworkError(code: string): string {
  const suffix = /^[A-Z][A-Z0-9_]*$/.test(code) ? ` (${code})` : '';
  if (code === 'ECONNREFUSED') return `connection refused${suffix}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `host not found${suffix}`;
  if (code === 'ECONNRESET' || code === 'EPIPE') return `connection reset${suffix}`;
  if (TLS_CODES.has(code) || /^(ERR_TLS_|ERR_SSL_|CERT_|ERR_OSSL)/.test(code)) {
    return `TLS error${suffix}`;
  }
  if (code.startsWith('HPE_')) return `invalid HTTP response${suffix}`;
  return `network error${suffix}`;
}

function findBlocked(err: unknown): BlockedError | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth += 1) {
    if (e instanceof BlockedError) return e;
  }
  return undefined;
}

/** `timedOut`: our AbortSignal fired (axios then reports only a generic cancellation). */
function toFailure(err: unknown, timedOut: boolean, opts: MetricFetchOptions, where: string) {
  const blocked = findBlocked(err);
  if (blocked) return fail('blocked', where, `blocked: ${blocked.reason}`);
  const code = axios.isAxiosError(err) ? (err.code ?? '') : '';
  if (timedOut || code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED') {
    return fail('timeout', where, `timed out after ${opts.timeoutMs} ms`);
  }
  if (!axios.isAxiosError(err)) return fail('network', where, 'request failed');
  if (code === 'ERR_BAD_RESPONSE' && err.message.includes('maxContentLength')) {
    return fail('too-large', where, `response larger than ${opts.maxBytes} bytes`);
  }
  return fail('network', where, describeNetworkError(code));
}

function readContentType(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

const ACCEPT = {
  json: 'application/json',
  text: 'text/plain',
  yaml: 'application/yaml, text/yaml;q=0.9, text/plain;q=0.5',
  xml: 'application/xml, text/xml;q=0.9',
} as const;

const FORM = 'application/x-www-form-urlencoded';

const toPostBody = (opts: MetricFetchOptions): string =>
  opts.form ? new URLSearchParams(opts.form).toString() : JSON.stringify(opts.body ?? {});

/** Requests `url` (GET, or POST with a JSON body) and parses the body as `opts.format` says. */
export async function fetchBody(
  url: string,
  opts: MetricFetchOptions,
  client: AxiosInstance = clientFor(opts.network),
): Promise<BodyResult> {
  const where = describeUrl(url);
  if (!isHttpUrl(url)) return fail('network', where, 'invalid URL (http or https required)');
  const format = opts.format ?? 'json';
  const post = opts.method === 'POST';
  // One deadline for connect + headers + body, cleared as soon as the answer is in
  // (`AbortSignal.timeout` stays armed for the full timeout of every request, however early it
  // ended, and fires, building a DOMException, unless its signal was collected first).
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), opts.timeoutMs);
  try {
    const response = await senderFor(client)({
      url,
      method: post ? 'POST' : 'GET',
      data: post ? toPostBody(opts) : undefined,
      headers: {
        Accept: ACCEPT[format],
        ...(post ? { 'Content-Type': opts.form ? FORM : 'application/json' } : {}),
        ...opts.headers,
      },
      ...(opts.tls ? { httpsAgent: httpsAgentFor(client, opts.tls) } : {}),
      signal: deadline.signal,
      maxBytes: opts.maxBytes,
    });
    const { status } = response;
    if (status >= 300 && status < 400) {
      return fail('http', where, `HTTP ${status} (redirects are not followed)`);
    }
    if (status < 200 || status >= 300) return fail('http', where, `HTTP ${status}`);
    const text = typeof response.data === 'string' ? response.data : '';
    const contentType = readContentType(response.headers['content-type']);
    if (format !== 'json') return { ok: true, body: text }; // parsed by extractMetric
    return parseBody(text, contentType, where);
  } catch (err) {
    return toFailure(err, deadline.signal.aborted, opts, where);
  } finally {
    clearTimeout(timer);
  }
}
