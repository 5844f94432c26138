/** OAuth2 client-credentials tokens: the cache, the token request, the spec field. */
import { isSpecBindingFailure } from '../../lib/auth/classify.js';
import { createTokenCache, type TokenFetch } from '../../lib/auth/oauth2.js';
import type { BodyResult, MetricFetchOptions } from '../../lib/metrics/types.js';
import { parseScaling } from '../../lib/spec/parse.js';
import { FULL, expectSpec, type Json } from '../support/specFixtures.js';

const SECRET = 'cl13nt-s3cret';
const TOKEN = 'acc3ss-t0ken';
const OPTS: MetricFetchOptions = { timeoutMs: 1000, maxBytes: 1 << 16 };
const REQ = { tokenUrl: 'https://login.example/t?tenant=x', clientId: 'app', scopes: ['read'] };

/** A token endpoint as a function: answers in turn, records what it was asked. */
function endpoint(...answers: BodyResult[]) {
  const calls: { url: string; opts: MetricFetchOptions }[] = [];
  const fetch: TokenFetch = (url, opts) => {
    calls.push({ url, opts });
    return Promise.resolve(answers[Math.min(calls.length - 1, answers.length - 1)]!);
  };
  return { fetch, calls };
}
const granted = (extra: Json = {}): BodyResult => ({
  ok: true,
  body: { access_token: TOKEN, token_type: 'Bearer', expires_in: 3600, ...extra },
});

describe('the token request', () => {
  it('POSTs grant_type and scope as a form, client id and secret as Basic', async () => {
    const { fetch, calls } = endpoint(granted());
    await createTokenCache(() => 0).get(REQ, SECRET, fetch, OPTS);
    expect(calls[0]?.opts).toMatchObject({
      method: 'POST',
      form: { grant_type: 'client_credentials', scope: 'read' },
      headers: { Authorization: `Basic ${Buffer.from(`app:${SECRET}`).toString('base64')}` },
    });
  });
});

describe('the cache', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 0));

  it.each<[string, number, Json, number]>([
    // expires_in 3600: refreshed 60 s before expiry
    ['reused within its lifetime', 3539_000, {}, 1],
    ['refreshed shortly before expiry', 3540_000, {}, 2],
    // expires_in 60: margin is half the lifetime (30 s)
    ['short-lived: reused until half-life', 29_000, { expires_in: 60 }, 1],
    ['short-lived: refreshed at half-life', 30_000, { expires_in: 60 }, 2],
    // no expires_in: never cached
    ['no expires_in: one request per use', 0, { expires_in: undefined }, 2],
    ['expires_in as a string', 100_000, { expires_in: '3600' }, 1],
    // expires_in 1e308 (issue 22 case 11): cached for MAX_TOKEN_LIFETIME_S (1 h) at most
    ['expires_in 1e308: reused within the cap', 3539_000, { expires_in: 1e308 }, 1],
    ['expires_in 1e308: refreshed at the cap', 3540_000, { expires_in: 1e308 }, 2],
    ['expires_in of a day: refreshed at the cap', 3540_000, { expires_in: 86400 }, 2],
  ])('%s', async (_, later, extra, requests) => {
    const { fetch, calls } = endpoint(granted(extra));
    const cache = createTokenCache(clock);
    expect(await cache.get(REQ, SECRET, fetch, OPTS)).toEqual({ ok: true, token: TOKEN });
    now = later;
    expect(await cache.get(REQ, SECRET, fetch, OPTS)).toEqual({ ok: true, token: TOKEN });
    expect(calls).toHaveLength(requests);
  });

  it.each<[string, Partial<typeof REQ>, string]>([
    ['another client', { clientId: 'other' }, SECRET],
    ['other scopes', { scopes: ['write'] }, SECRET],
    ['another token URL', { tokenUrl: 'https://login.example/t2' }, SECRET],
    ['another secret for the same client', {}, 'wrong-secret'],
  ])('a separate token for %s', async (_, change, secret) => {
    const { fetch, calls } = endpoint(granted());
    const cache = createTokenCache(clock);
    await cache.get(REQ, SECRET, fetch, OPTS);
    await cache.get({ ...REQ, ...change }, secret, fetch, OPTS);
    expect(calls).toHaveLength(2);
  });

  it('scope order does not matter; concurrent uses share one request', async () => {
    const { fetch, calls } = endpoint(granted());
    const cache = createTokenCache(clock);
    const two = { ...REQ, scopes: ['a', 'b'] };
    await Promise.all([
      cache.get(two, SECRET, fetch, OPTS),
      cache.get({ ...two, scopes: ['b', 'a'] }, SECRET, fetch, OPTS),
    ]);
    expect(calls).toHaveLength(1);
  });

  it('a failure is not cached', async () => {
    const { fetch, calls } = endpoint(
      { ok: false, kind: 'http', message: 'x: HTTP 500' },
      granted(),
    );
    const cache = createTokenCache(clock);
    expect((await cache.get(REQ, SECRET, fetch, OPTS)).ok).toBe(false);
    expect((await cache.get(REQ, SECRET, fetch, OPTS)).ok).toBe(true);
    expect(calls).toHaveLength(2);
  });
});

describe('failures name the token URL and a fixed reason, never secret, token or body', () => {
  it.each<[string, BodyResult, string]>([
    ['HTTP 401', { ok: false, kind: 'http', message: 'login.example/t: HTTP 401' }, 'HTTP 401'],
    ['no access_token', { ok: true, body: { error: TOKEN } }, 'response has no access_token'],
    ['not bearer', granted({ token_type: 'mac' }), 'token_type is not Bearer'],
    ['not an object', { ok: true, body: [TOKEN] }, 'response is not a JSON object'],
    [
      'a header-breaking token',
      granted({ access_token: `${TOKEN}\r\nX: y` }),
      'access_token is not a header value',
    ],
  ])('%s', async (_, answer, reason) => {
    const r = await createTokenCache().get(REQ, SECRET, endpoint(answer).fetch, OPTS);
    expect(r).toEqual({ ok: false, message: `oauth2 token from login.example/t: ${reason}` });
  });
});

const withOAuth2 = (oauth2: Json): Json => ({
  ...FULL,
  metrics: [
    {
      name: 'm',
      http: { url: 'https://api.example/m', auth: { oauth2 } },
      target: { type: 'Value', value: 1 },
    },
  ],
});
const OAUTH2 = {
  tokenUrl: 'https://login.example/token',
  clientId: 'app',
  clientSecretRef: { name: 'oauth', key: 'secret' },
  scopes: ['api://metrics/.default'],
};

describe('auth.oauth2 in the spec', () => {
  it('parses', () => {
    const spec = expectSpec(parseScaling(withOAuth2(OAUTH2)));
    expect(spec.metrics[0]?.http?.auth).toEqual({ oauth2: OAUTH2 });
  });

  it.each<[string, Json, string, string]>([
    ['no token URL', { ...OAUTH2, tokenUrl: undefined }, 'oauth2.tokenUrl', 'is required'],
    [
      'token URL with credentials',
      { ...OAUTH2, tokenUrl: 'https://u:p@x/t' },
      'oauth2.tokenUrl',
      'must not contain credentials',
    ],
    [
      'scope with a space',
      { ...OAUTH2, scopes: ['a b'] },
      'oauth2.scopes[0]',
      'must be a scope without spaces',
    ],
    [
      'no secret',
      { ...OAUTH2, clientSecretRef: undefined },
      'oauth2.clientSecretRef',
      'is required',
    ],
  ])('%s', (_, oauth2, field, message) => {
    const r = parseScaling(withOAuth2(oauth2));
    const errors = r.ok ? [] : r.errors;
    expect(errors.find((e) => e.field.endsWith(field))?.message).toContain(message);
  });

  it('refuses oauth2 together with azure (one Authorization header)', () => {
    const spec = withOAuth2(OAUTH2);
    const m = (spec.metrics as Json[])[0]!;
    ((m.http as Json).auth as Json).azure = { scope: 'https://x.example/.default' };
    const r = parseScaling(spec);
    expect(r.ok ? [] : r.errors).toContainEqual({
      field: 'spec.metrics[0].http.auth.oauth2',
      message: 'must not be set together with azure',
    });
  });
});

describe("which oauth2 failures are the spec's fault", () => {
  it.each<[string, boolean]>([
    ['oauth2 token from login.example/t: HTTP 401', true],
    ['oauth2 token from login.example/t: HTTP 400', true],
    ['oauth2 token from login.example/t: blocked: link-local address', true],
    ['oauth2 token from login.example/t: HTTP 503', false],
    ['oauth2 token from login.example/t: timed out after 5000 ms', false],
    ['oauth2 token from login.example/t: response has no access_token', false],
    ['oauth2 tokens cannot be requested here', false],
  ])('%s → InvalidSpec %s', (message, spec) => {
    expect(
      isSpecBindingFailure({ ok: false, kind: 'auth', message: `m.example/q: ${message}` }),
    ).toBe(spec);
  });
});
