/**
 * Turns a metric source's `auth` into request headers and client TLS, enforcing the credential
 * boundaries (reference §5 S3/S9/S10):
 * - Secrets are read only from `SECRETS_NAMESPACES`;
 * - a Secret is only sent to the hosts in its annotation `scaling.example.com/allowed-hosts`
 *   (exact host names, comma-separated); no annotation → sent nowhere;
 * - an Entra ID token only for a scope in `METRIC_AZURE_SCOPES`, only over https, and only to the
 *   scope's host or its subdomains (a token for prometheus.monitor.azure.com cannot be sent to a
 *   resource author's own server).
 * - an OAuth2 client secret only to the token URL's host, and the token it buys only to a host
 *   the same Secret lists: the Secret must list both the token URL's host and the metric URL's
 *   (a token acts with the Secret's credentials, so it follows the Secret's binding exactly as a
 *   static header does). Either missing → refused before any token request.
 * Failures are `auth` results naming the Secret or scope and the host, never a value.
 * One resolver per run: each Secret is read at most once per run.
 */
import type { KubePort, SecretData } from '../kube/port.js';
import { KubeApiError } from '../kube/port.js';
import type { MetricAuth, OAuth2Auth, SecretKeyRef } from '../spec/types.js';
import type { ClientTls, MetricFetchOptions } from '../metrics/types.js';
import type { TokenCache, TokenFetch } from './oauth2.js';

export const ALLOWED_HOSTS_ANNOTATION = 'scaling.example.com/allowed-hosts';

/** The part of `@azure/identity`'s TokenCredential used here. */
export interface TokenSource {
  getToken(scope: string): Promise<{ readonly token: string } | null>;
}

export interface AuthDeps {
  readonly kube?: Pick<KubePort, 'getSecret'>;
  readonly secretsNamespaces: readonly string[];
  readonly azureScopes?: readonly string[];
  readonly credential?: () => Promise<TokenSource>;
  /** OAuth2 token requests: the cache, and the guarded fetch with the run's limits. */
  readonly oauth2?: {
    readonly cache: TokenCache;
    readonly fetch: TokenFetch;
    readonly options: MetricFetchOptions;
  };
}

export type AuthResult =
  | { readonly ok: true; readonly headers: Record<string, string>; readonly tls?: ClientTls }
  | { readonly ok: false; readonly kind: 'auth'; readonly message: string };

export type AuthResolver = (auth: MetricAuth | undefined, url: string) => Promise<AuthResult>;

class AuthError extends Error {}

function allowedHosts(secret: SecretData): string[] {
  const raw = secret.annotations[ALLOWED_HOSTS_ANNOTATION] ?? '';
  return raw
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');
}

export function createAuthResolver(deps: AuthDeps): AuthResolver {
  const secrets = new Map<string, Promise<SecretData>>();

  function readSecret(ref: { name: string; namespace?: string }, host: string) {
    const namespace = ref.namespace ?? deps.secretsNamespaces[0] ?? '';
    const id = `${namespace}/${ref.name}`;
    if (!deps.secretsNamespaces.includes(namespace)) {
      throw new AuthError(`secret ${id}: namespace not in SECRETS_NAMESPACES`);
    }
    const getSecret = deps.kube?.getSecret;
    if (!getSecret) throw new AuthError(`secret ${id}: Secrets cannot be read here`);
    let pending = secrets.get(id);
    if (!pending) {
      pending = getSecret.call(deps.kube, namespace, ref.name);
      secrets.set(id, pending);
    }
    return pending.then(
      (secret) => {
        if (!allowedHosts(secret).includes(host)) {
          throw new AuthError(
            `secret ${id} may not be sent to ${host} (${ALLOWED_HOSTS_ANNOTATION})`,
          );
        }
        return { secret, id };
      },
      (err: unknown) => {
        const status = err instanceof KubeApiError ? `HTTP ${err.status}` : 'failed';
        throw new AuthError(`secret ${id}: read ${status}`);
      },
    );
  }

  async function headerValue(ref: SecretKeyRef, host: string): Promise<string> {
    const { secret, id } = await readSecret(ref, host);
    const value = secret.data[ref.key];
    if (value === undefined) throw new AuthError(`secret ${id} has no key ${ref.key}`);
    return value.trim();
  }

  async function bearer(scope: string, url: URL): Promise<string> {
    const scopes = deps.azureScopes ?? [];
    if (!scopes.includes(scope))
      throw new AuthError(`azure scope ${scope} is not in METRIC_AZURE_SCOPES`);
    const scopeHost = URL.canParse(scope) ? new URL(scope).hostname.toLowerCase() : '';
    const host = url.hostname.toLowerCase();
    const bound = scopeHost !== '' && (host === scopeHost || host.endsWith(`.${scopeHost}`));
    if (url.protocol !== 'https:' || !bound) {
      throw new AuthError(
        `azure token for ${scope} may only be sent over https to ${scopeHost || 'its host'}`,
      );
    }
    if (!deps.credential) throw new AuthError('no Azure credential');
    const token = await (await deps.credential()).getToken(scope).catch(() => null);
    if (!token) throw new AuthError(`azure token for ${scope}: not available`);
    return token.token;
  }

  async function oauth2Token(o: OAuth2Auth, host: string): Promise<string> {
    const tokenHost = URL.canParse(o.tokenUrl)
      ? new URL(o.tokenUrl).hostname.replace(/^\[|\]$/g, '').toLowerCase()
      : '';
    // The client secret is bound to the token URL's host, like any Secret to its request's; the
    // token it buys goes where the Secret may go, so the metric's host must be listed too.
    const { secret: data, id } = await readSecret(o.clientSecretRef, tokenHost);
    if (!allowedHosts(data).includes(host)) {
      throw new AuthError(
        `secret ${id}: its oauth2 token may not be sent to ${host} (${ALLOWED_HOSTS_ANNOTATION})`,
      );
    }
    const secret = await headerValue(o.clientSecretRef, tokenHost);
    if (!deps.oauth2) throw new AuthError('oauth2 tokens cannot be requested here');
    const { cache, fetch, options } = deps.oauth2;
    const token = await cache.get(o, secret, fetch, options);
    if (!token.ok) throw new AuthError(token.message);
    return token.token;
  }

  async function tlsOf(ref: { secretName: string; namespace?: string }, host: string) {
    const { secret, id } = await readSecret(
      { name: ref.secretName, namespace: ref.namespace },
      host,
    );
    const { 'ca.crt': ca, 'tls.crt': cert, 'tls.key': key } = secret.data;
    if ((cert === undefined) !== (key === undefined)) {
      throw new AuthError(`secret ${id} needs both tls.crt and tls.key`);
    }
    if (ca === undefined && cert === undefined)
      throw new AuthError(`secret ${id} has no ca.crt or tls.crt`);
    return { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
  }

  return async (auth, rawUrl) => {
    if (!auth) return { ok: true, headers: {} };
    const url = new URL(rawUrl);
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    try {
      const headers: Record<string, string> = {};
      for (const h of auth.headers ?? []) headers[h.name] = await headerValue(h.secretKeyRef, host);
      if (auth.azure) headers.Authorization = `Bearer ${await bearer(auth.azure.scope, url)}`;
      if (auth.oauth2) headers.Authorization = `Bearer ${await oauth2Token(auth.oauth2, host)}`;
      const tls = auth.tls ? await tlsOf(auth.tls, host) : undefined;
      return { ok: true, headers, ...(tls ? { tls } : {}) };
    } catch (err) {
      const message = err instanceof AuthError ? err.message : 'credentials unavailable';
      return { ok: false, kind: 'auth', message };
    }
  };
}
