/** The token cache behind the AKS authenticator, with an injected TokenCredential and clock. */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { AKS_SCOPE, createTokenProvider } from '../../lib/azure/token.js';

const NOW = 1_000_000_000_000;
const MIN = 60_000;

/** Hands out `tok-1`, `tok-2`, … each valid `lifetimeMs` from the clock; records each call. */
class CountingCredential implements TokenCredential {
  calls: string[] = [];
  fail = false;
  constructor(
    private readonly clock: { now: number },
    private readonly lifetimeMs = 60 * MIN,
    private readonly refreshAfterMs?: number,
  ) {}
  getToken(scopes: string | string[], _o?: GetTokenOptions): Promise<AccessToken | null> {
    this.calls.push(String(scopes));
    if (this.fail) return Promise.reject(new Error('CredentialUnavailableError'));
    const t = this.clock.now;
    const token: AccessToken = {
      token: `tok-${this.calls.length}`,
      expiresOnTimestamp: t + this.lifetimeMs,
      refreshAfterTimestamp:
        this.refreshAfterMs === undefined ? undefined : t + this.refreshAfterMs,
    };
    // resolve a tick later, so concurrent callers overlap
    return new Promise((r) => setImmediate(() => r(token)));
  }
}

function setup(lifetimeMs?: number, refreshAfterMs?: number) {
  const clock = { now: NOW };
  const credential = new CountingCredential(clock, lifetimeMs, refreshAfterMs);
  const provider = createTokenProvider(credential, AKS_SCOPE, { now: () => clock.now });
  return { clock, credential, provider };
}

describe('createTokenProvider', () => {
  it.each([
    // [lifetime, refreshAfter, advance, expected token, credential calls]
    // 60 min token, default margin 5 min → reused until 55 min
    [60 * MIN, undefined, 54 * MIN, 'tok-1', 1],
    [60 * MIN, undefined, 55 * MIN, 'tok-2', 2],
    // refreshAfterTimestamp wins over the margin: due at 30 min
    [60 * MIN, 30 * MIN, 29 * MIN, 'tok-1', 1],
    [60 * MIN, 30 * MIN, 30 * MIN, 'tok-2', 2],
    // a token shorter-lived than the margin is fetched again every time
    [4 * MIN, undefined, 0, 'tok-2', 2],
  ])(
    'lifetime %i ms, refreshAfter %s, after %i ms → %s (%i calls)',
    async (lifetime, refreshAfter, advance, want, calls) => {
      const { clock, credential, provider } = setup(lifetime, refreshAfter);
      expect(await provider.token()).toBe('tok-1');
      clock.now += advance;
      expect(await provider.token()).toBe(want);
      expect(credential.calls).toHaveLength(calls);
    },
  );

  it('asks for the AKS Entra ID server scope', async () => {
    const { credential, provider } = setup();
    await provider.token();
    expect(credential.calls).toEqual(['6dae42f8-4368-4678-94ff-3960e28e3630/.default']);
  });

  it('fetches once for many concurrent requests (single flight)', async () => {
    const { credential, provider } = setup();
    const tokens = await Promise.all(Array.from({ length: 20 }, () => provider.token()));
    expect(new Set(tokens)).toEqual(new Set(['tok-1']));
    expect(credential.calls).toHaveLength(1);
  });

  it('refresh() drops a still-valid token; concurrent refreshes share one fetch', async () => {
    const { credential, provider } = setup();
    await provider.token();
    const results = await Promise.all([provider.refresh(), provider.refresh(), provider.refresh()]);
    expect(results).toEqual([true, true, true]);
    expect(await provider.token()).toBe('tok-2');
    expect(credential.calls).toHaveLength(2);
  });

  it('a failing credential rejects token() and makes refresh() false; it recovers', async () => {
    const { credential, provider } = setup();
    credential.fail = true;
    await expect(provider.token()).rejects.toThrow('CredentialUnavailableError');
    expect(await provider.refresh()).toBe(false);
    credential.fail = false;
    expect(await provider.token()).toBe('tok-3');
  });
});
