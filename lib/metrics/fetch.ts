/**
 * One GET of a metric URL, returning a `BodyResult` and never throwing.
 *
 * Safety, per the HTTP-polling pitfalls (reference §5): no redirects (S4), no environment proxy,
 * a decompressed-size cap (S6), one deadline for connect + headers + body (S7), and messages that
 * name only `host/path` (S5). The cap is axios's `maxContentLength`, which the Node adapter counts
 * on the body *after* gunzip/inflate/brotli, aborting the request as soon as it is exceeded; the
 * integration tests pin this down with an endless body and a gzip bomb.
 */
import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import { parseBody } from './extract.js';
import { describeUrl } from './redact.js';
import type { BodyResult, MetricErrorKind, MetricFetchOptions } from './types.js';

type Failure = Extract<BodyResult, { ok: false }>;

const TLS_CODES = new Set([
  'EPROTO',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/** An axios instance with keep-alive agents, so a run reuses connections to each metric host. */
export function createHttpClient(maxSocketsPerHost = 64): AxiosInstance {
  const agent = { keepAlive: true, maxSockets: maxSocketsPerHost };
  return axios.create({
    adapter: 'http',
    httpAgent: new http.Agent(agent),
    httpsAgent: new https.Agent(agent),
  });
}

/** Closes the pooled sockets of a client made by `createHttpClient`. */
export function destroyHttpClient(client: AxiosInstance): void {
  for (const agent of [client.defaults.httpAgent, client.defaults.httpsAgent]) {
    if (agent instanceof http.Agent) agent.destroy();
  }
}

/** Shared by every fetch of the process. */
export const sharedHttpClient: AxiosInstance = createHttpClient();

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
  if (TLS_CODES.has(code) || /^(ERR_TLS_|ERR_SSL_|CERT_)/.test(code)) return `TLS error${suffix}`;
  if (code.startsWith('HPE_')) return `invalid HTTP response${suffix}`;
  return `network error${suffix}`;
}

/** `timedOut`: our AbortSignal fired (axios then reports only a generic cancellation). */
function toFailure(err: unknown, timedOut: boolean, opts: MetricFetchOptions, where: string) {
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

/** GETs `url` and parses the body as JSON. Expected failures are values; this never rejects. */
export async function fetchBody(
  url: string,
  opts: MetricFetchOptions,
  client: AxiosInstance = sharedHttpClient,
): Promise<BodyResult> {
  const where = describeUrl(url);
  if (!isHttpUrl(url)) return fail('network', where, 'invalid URL (http or https required)');
  const signal = AbortSignal.timeout(opts.timeoutMs);
  try {
    const response = await client.get<string>(url, {
      headers: { Accept: 'application/json' },
      signal,
      timeout: opts.timeoutMs,
      maxContentLength: opts.maxBytes,
      maxBodyLength: opts.maxBytes,
      maxRedirects: 0,
      proxy: false,
      decompress: true,
      responseType: 'text',
      responseEncoding: 'utf8',
      transformResponse: (data: unknown) => data,
      validateStatus: () => true,
    });
    const { status } = response;
    if (status >= 300 && status < 400) {
      return fail('http', where, `HTTP ${status} (redirects are not followed)`);
    }
    if (status < 200 || status >= 300) return fail('http', where, `HTTP ${status}`);
    const text = typeof response.data === 'string' ? response.data : '';
    return parseBody(text, readContentType(response.headers['content-type']), where);
  } catch (err) {
    return toFailure(err, signal.aborted, opts, where);
  }
}
