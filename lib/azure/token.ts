/**
 * Bearer tokens from an `@azure/identity` TokenCredential (only its type is imported here), cached
 * until they are due for refresh, fetched single-flight, and refreshed on demand after a 401.
 */
import type { AccessToken, TokenCredential } from '@azure/identity';

/** The AKS Entra ID server application: every AKS API server token is issued for it. */
export const AKS_SCOPE = '6dae42f8-4368-4678-94ff-3960e28e3630/.default';

export interface TokenProvider {
  /** A token valid now: the cached one, or a new one when it is due for refresh. */
  token(): Promise<string>;
  /**
   * Drops the cached token and gets a new one (after a 401); concurrent calls share one fetch.
   * Resolves true when a retry makes sense, false when no token could be had. (A credential
   * with its own cache, like MSAL's for managed identity, may hand back the same token.)
   */
  refresh(): Promise<boolean>;
}

export interface TokenProviderOptions {
  /** Refresh this long before `expiresOnTimestamp` (when the token has no `refreshAfterTimestamp`). */
  readonly marginMs?: number;
  readonly now?: () => number;
}

export function createTokenProvider(
  credential: TokenCredential,
  scope: string,
  opts: TokenProviderOptions = {},
): TokenProvider {
  const now = opts.now ?? Date.now;
  const marginMs = opts.marginMs ?? 5 * 60_000;
  let cached: AccessToken | undefined;
  let inFlight: Promise<AccessToken> | undefined;

  const dueAt = (t: AccessToken) => t.refreshAfterTimestamp ?? t.expiresOnTimestamp - marginMs;

  function fetchToken(): Promise<AccessToken> {
    inFlight ??= credential
      .getToken(scope)
      .then((token) => {
        if (!token?.token) throw new Error(`no token for ${scope}`);
        cached = token;
        return token;
      })
      .finally(() => (inFlight = undefined));
    return inFlight;
  }

  return {
    async token() {
      if (cached && now() < dueAt(cached)) return cached.token;
      return (await fetchToken()).token;
    },
    async refresh() {
      cached = undefined;
      return fetchToken().then(
        () => true,
        () => false,
      );
    },
  };
}
