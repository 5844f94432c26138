/**
 * OAuth2 client credentials (RFC 6749 §4.4) for `auth.oauth2`: a form POST to the token URL with
 * the client id and secret as HTTP Basic (§2.3.1, which every server must accept) through the
 * same guarded fetch as metric requests (network policy, no redirects, timeout, size cap).
 *
 * Tokens are cached per process until `REFRESH_MARGIN_S` before `expires_in`, and never longer
 * than `MAX_TOKEN_LIFETIME_S` whatever `expires_in` says (`1e308` is an hour, not forever); a
 * token without `expires_in` is used for one request only. The cache is keyed by token URL,
 * client id, scopes and a hash of the secret: a resource naming another Secret for the same
 * client never gets this one's token.
 * Concurrent requests for one key share one token request. Messages name the token URL as
 * `host/path` and a fixed reason, never the secret, the token or the response body.
 */
import { createHash } from 'node:crypto';
import { describeUrl } from '../metrics/redact.js';
import type { BodyResult, MetricFetchOptions } from '../metrics/types.js';

export type TokenFetch = (url: string, opts: MetricFetchOptions) => Promise<BodyResult>;

export interface OAuth2Request {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
}

export type TokenResult =
  { readonly ok: true; readonly token: string } | { readonly ok: false; readonly message: string };

/** Refresh this long before expiry, or at half the lifetime for short-lived tokens. */
export const REFRESH_MARGIN_S = 60;
/** The longest a token is cached, whatever its `expires_in` claims. */
export const MAX_TOKEN_LIFETIME_S = 3600;
const MAX_TOKEN_CHARS = 16 * 1024;

interface Cached {
  readonly token: string;
  readonly expiresAt: number;
}

export interface TokenCache {
  get(
    request: OAuth2Request,
    secret: string,
    fetch: TokenFetch,
    opts: MetricFetchOptions,
  ): Promise<TokenResult>;
  /** Token requests sent (for tests and the bench). */
  readonly requests: number;
}

function readToken(body: unknown): { token: string; expiresIn?: number } | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'response is not a JSON object';
  const {
    access_token: token,
    token_type: type,
    expires_in: expires,
  } = body as Record<string, unknown>;
  if (typeof token !== 'string' || token === '' || token.length > MAX_TOKEN_CHARS)
    return 'response has no access_token';
  if (/[\r\n]/.test(token)) return 'access_token is not a header value';
  if (type !== undefined && (typeof type !== 'string' || type.toLowerCase() !== 'bearer'))
    return 'token_type is not Bearer';
  const seconds = typeof expires === 'string' && /^\d+$/.test(expires) ? Number(expires) : expires;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0
    ? { token, expiresIn: seconds }
    : { token };
}

export function createTokenCache(now: () => number = Date.now): TokenCache {
  const cached = new Map<string, Cached>();
  const pending = new Map<string, Promise<TokenResult>>();
  let requests = 0;

  async function request(
    key: string,
    r: OAuth2Request,
    secret: string,
    fetch: TokenFetch,
    opts: MetricFetchOptions,
  ): Promise<TokenResult> {
    const where = `oauth2 token from ${describeUrl(r.tokenUrl)}`;
    const basic = Buffer.from(
      `${encodeURIComponent(r.clientId)}:${encodeURIComponent(secret)}`,
    ).toString('base64');
    requests += 1;
    const body = await fetch(r.tokenUrl, {
      ...opts,
      method: 'POST',
      format: 'json',
      form: {
        grant_type: 'client_credentials',
        ...(r.scopes.length > 0 && { scope: r.scopes.join(' ') }),
      },
      headers: { Authorization: `Basic ${basic}` },
    }).catch((): BodyResult => ({ ok: false, kind: 'network', message: 'request failed' }));
    // fetch messages are `host/path: reason` of the token URL: keep only the reason.
    if (!body.ok) return { ok: false, message: `${where}: ${body.message.replace(/^.*?: /, '')}` };
    const read = readToken(body.body);
    if (typeof read === 'string') return { ok: false, message: `${where}: ${read}` };
    if (read.expiresIn !== undefined) {
      const lifetime = Math.min(read.expiresIn, MAX_TOKEN_LIFETIME_S);
      const margin = Math.min(REFRESH_MARGIN_S, lifetime / 2);
      cached.set(key, { token: read.token, expiresAt: now() + (lifetime - margin) * 1000 });
    }
    return { ok: true, token: read.token };
  }

  return {
    get requests() {
      return requests;
    },
    get(r, secret, fetch, opts) {
      const key = createHash('sha256')
        .update(JSON.stringify([r.tokenUrl, r.clientId, [...r.scopes].sort(), secret]))
        .digest('hex');
      const hit = cached.get(key);
      if (hit && now() < hit.expiresAt) return Promise.resolve({ ok: true, token: hit.token });
      if (hit) cached.delete(key);
      let inflight = pending.get(key);
      if (!inflight) {
        inflight = request(key, r, secret, fetch, opts).finally(() => pending.delete(key));
        pending.set(key, inflight);
      }
      return inflight;
    },
  };
}

/** The process's cache (settings and identities are per process). */
export const processTokenCache: TokenCache = createTokenCache();
