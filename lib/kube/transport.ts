/**
 * API requests straight on undici's `request` over one keep-alive pool, with credentials from a
 * source asked per request. No @kubernetes/client-node here: the AKS path (a bearer token from
 * Entra ID and the cluster CA) never loads it, and the kubeconfig path (lib/kube/client.ts)
 * supplies its credentials through the same `CredentialSource`.
 */
import { Agent, request, type Dispatcher } from 'undici';
import { HttpStatusError, type Transport } from './http.js';

/** Where a token-authenticated cluster is: `https://…` and the base64 PEM of its CA. */
export interface ClusterEndpoint {
  readonly name: string;
  readonly server: string;
  readonly caData: string;
}

export interface Credentials {
  /** Lower-case header names, e.g. `authorization`. */
  readonly headers: Readonly<Record<string, string>>;
  /** The pool to send on (TLS settings included); undici's global one when absent. */
  readonly dispatcher?: Dispatcher;
}

export interface CredentialSource {
  get(): Promise<Credentials>;
  /** The API server answered 401 to a request sent with `used`. */
  rejected?(used: Credentials): void;
}

/** A network error or timeout names the API server it was talking to (`err.server`). */
function withServer(e: unknown, server: string): unknown {
  if (e !== null && typeof e === 'object') Object.defineProperty(e, 'server', { value: server });
  return e;
}

/**
 * API server pools keep idle connections 90 s, as client-go's transport does. undici's default
 * (4 s) closed a pool's less used connections in the middle of a run and between runs, and each
 * one reopened cost a TLS handshake on both sides (70–125 per all-rescale run at 1,000
 * resources, counted on undici's `undici:client:connected` channel).
 */
export const API_POOL = { keepAliveTimeout: 90_000, keepAliveMaxTimeout: 90_000 } as const;

/** What `AbortSignal.timeout` aborts with (lib/kube/restPort.ts names it "timed out"). */
const timeoutError = () =>
  new DOMException('The operation was aborted due to timeout', 'TimeoutError');

/** `server` is `https://host[:port]`, any trailing slash ignored. */
export function createHttpTransport(
  server: string,
  timeoutMs: number,
  credentials: CredentialSource,
): Transport {
  const base = server.replace(/\/+$/, '');
  // The headers of a credentials value, built once (it serves many requests; see client.ts).
  const built = new WeakMap<Credentials, Readonly<Record<string, string>>>();
  const headersOf = (used: Credentials, contentType?: string, accept?: string) => {
    let headers = built.get(used);
    if (!headers) {
      headers = { ...used.headers, 'user-agent': 'business-scaler', accept: 'application/json' };
      built.set(used, headers);
    }
    if (contentType === undefined && accept === undefined) return headers;
    return {
      ...headers,
      ...(contentType !== undefined && { 'content-type': contentType }),
      ...(accept !== undefined && { accept }),
    };
  };
  return async (method, path, body, contentType, accept) => {
    const used = await credentials.get();
    const type = body === undefined ? undefined : (contentType ?? 'application/json');
    const headers = headersOf(used, type, accept);
    let res, text;
    // The deadline is cleared once the body is in (see lib/metrics/fetch.ts: AbortSignal.timeout
    // would stay armed for the full timeout, and fire, after every request).
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(timeoutError()), timeoutMs);
    try {
      res = await request(base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        dispatcher: used.dispatcher,
        signal: deadline.signal,
      });
      text = await res.body.text();
    } catch (e) {
      throw withServer(e, base);
    } finally {
      clearTimeout(timer);
    }
    if (res.statusCode === 401) credentials.rejected?.(used);
    if (res.statusCode >= 400) {
      const retryAfter = res.headers['retry-after'];
      throw new HttpStatusError(
        res.statusCode,
        text,
        typeof retryAfter === 'string' ? retryAfter : undefined,
      );
    }
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  };
}

/**
 * A bearer token from `getToken()` on every request (it caches and refreshes on its own), over
 * one keep-alive pool that trusts only the cluster's CA. Keep-alive probes after 30 s idle, as
 * client-go does, so load balancers do not drop pooled connections silently.
 */
export function createTokenTransport(
  endpoint: ClusterEndpoint,
  getToken: () => Promise<string>,
  timeoutMs: number,
): Transport {
  const dispatcher = new Agent({
    ...API_POOL,
    allowH2: false, // see H1_ONLY in lib/kube/client.ts
    connect: {
      ca: Buffer.from(endpoint.caData, 'base64'),
      keepAlive: true,
      keepAliveInitialDelay: 30_000,
    },
  });
  let last: Credentials | undefined; // one value per token, so its headers are built once
  return createHttpTransport(endpoint.server, timeoutMs, {
    get: async () => {
      const authorization = `Bearer ${await getToken()}`;
      if (last?.headers.authorization !== authorization)
        last = { headers: { authorization }, dispatcher };
      return last;
    },
  });
}
