/**
 * The network guard end to end: real HTTP(S) servers on 127.0.0.1, an injected resolver (host
 * names under `.test` never reach DNS) and two tripwires (test/support/tripwire.ts), so nothing
 * outside 127.0.0.0/8 is ever dialled, even if the guard were broken: a broken guard shows up as
 * an entry in `refused` or `tripwire.stopped`, and every test asserts both are empty.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { createTokenCache } from '../../lib/auth/oauth2.js';
import { createHttpClient, destroyHttpClient, fetchBody } from '../../lib/metrics/fetch.js';
import { MetricReader } from '../../lib/metrics/reader.js';
import type { MetricFetchOptions } from '../../lib/metrics/types.js';
import { createPolicy, STRICT_POLICY, type NetworkPolicy } from '../../lib/net/policy.js';
import type { Resolver } from '../../lib/net/resolve.js';
import { makeCerts } from '../support/certs.js';
import { installTripwire, loopbackDial, type Tripwire } from '../support/tripwire.js';

const SECRET = 's3cr3t-query';
const OPTS: MetricFetchOptions = { timeoutMs: 2000, maxBytes: 64 * 1024 };
const certs = makeCerts(['metrics.test']);

const lookups: string[] = [];
const refused: string[] = [];
let rebindCalls = 0;
/** Fake DNS: names → addresses; `rebind.test` answers 127.0.0.1 once, then IMDS. */
const DNS: Record<string, readonly string[]> = {
  'metrics.test': ['127.0.0.1'],
  'wrong.test': ['127.0.0.1'],
  localhost: ['127.0.0.1'],
  'imds.test': ['169.254.169.254'],
  'internal.test': ['10.1.2.3'],
  'mixed.test': ['127.0.0.1', '10.0.0.1'],
  'mapped.test': ['::ffff:169.254.169.254'],
  'ula.test': ['fd00::1'],
};
const resolve: Resolver = (host) => {
  lookups.push(host);
  if (host === 'rebind.test') {
    rebindCalls += 1;
    return Promise.resolve(rebindCalls === 1 ? ['127.0.0.1'] : ['169.254.169.254']);
  }
  if (host === 'hang.test') return new Promise(() => {});
  const answer = DNS[host];
  if (!answer) return Promise.reject(Object.assign(new Error('nx'), { code: 'ENOTFOUND' }));
  return Promise.resolve(answer);
};

const hits = new Map<string, number>();
const bomb = zlib.gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20));
function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  hits.set(path, (hits.get(path) ?? 0) + 1);
  if (path === '/redirect-imds') {
    res.writeHead(302, { location: 'http://169.254.169.254/metadata/identity/oauth2/token' });
    return void res.end();
  }
  if (path === '/bomb') return void res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb);
  if (path === '/drip') return void res.writeHead(200).write('{"a":');
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"active_users":42}');
}

const plain = http.createServer(handle);
const secure = https.createServer({ cert: certs.serverCert, key: certs.serverKey }, handle);
const identity = http.createServer((_req, res) => res.end('{"access_token":"never"}'));
const ports = { plain: 0, secure: 0, identity: 0 };
let tripwire: Tripwire;
let policy: NetworkPolicy;
const clients: ReturnType<typeof createHttpClient>[] = [];

function clientWith(p: NetworkPolicy) {
  const client = createHttpClient(4, { policy: p, resolve, dial: loopbackDial(refused) });
  clients.push(client);
  return client;
}

const listen = async (server: http.Server) => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
};

beforeAll(async () => {
  tripwire = installTripwire();
  ports.plain = await listen(plain);
  ports.secure = await listen(secure);
  ports.identity = await listen(identity);
  policy = createPolicy('127.0.0.0/8', `http://127.0.0.1:${ports.identity}/msi/token`);
});

afterEach(() => {
  // emptied per test, so a failure points at the test that dialled
  expect(refused.splice(0)).toEqual([]);
  expect(tripwire.stopped.splice(0)).toEqual([]);
});

afterAll(async () => {
  tripwire.uninstall();
  clients.forEach(destroyHttpClient);
  for (const server of [plain, secure, identity]) {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
});

const blocked = (where: string, reason: string) => ({
  ok: false,
  kind: 'blocked',
  message: `${where}: blocked: ${reason}`,
});

describe('refused destinations (allowed: 127.0.0.0/8; identity endpoint on 127.0.0.1)', () => {
  const P = () => ports.plain;
  it.each([
    ['IMDS', () => `169.254.169.254/metadata/identity/oauth2/token`, 'link-local address'],
    ['WireServer', () => `168.63.129.16/machine`, 'Azure platform address'],
    [
      'private 10/8',
      () => `10.1.2.3:8080/m`,
      'private address (METRIC_ALLOWED_NETWORKS=10.0.0.0/8 would allow it)',
    ],
    [
      'private 172.16/12',
      () => `172.31.255.1/m`,
      'private address (METRIC_ALLOWED_NETWORKS=172.16.0.0/12 would allow it)',
    ],
    [
      'private 192.168/16',
      () => `192.168.1.1/m`,
      'private address (METRIC_ALLOWED_NETWORKS=192.168.0.0/16 would allow it)',
    ],
    [
      'CGNAT 100.64/10',
      () => `100.64.0.1/m`,
      'CGNAT address (METRIC_ALLOWED_NETWORKS=100.64.0.0/10 would allow it)',
    ],
    ['multicast', () => `224.0.0.1/m`, 'multicast address'],
    [
      'unspecified 0.0.0.0 (Linux dials it as localhost)',
      () => `0.0.0.0:${P()}/m`,
      'unspecified address',
    ],
    ['broadcast', () => `255.255.255.255/m`, 'reserved address'],
    [
      'IPv6 loopback (not in 127.0.0.0/8)',
      () => `[::1]:${P()}/m`,
      'loopback address (METRIC_ALLOWED_NETWORKS=::1/128 would allow it)',
    ],
    ['v4-mapped IMDS', () => `[::ffff:a9fe:a9fe]/m`, 'link-local address'],
    ['NAT64 IMDS', () => `[64:ff9b::a9fe:a9fe]/m`, 'link-local address'],
    ['IPv6 link-local', () => `[fe80::1]/m`, 'link-local address'],
    [
      'IPv6 unique local',
      () => `[fd12::1]/m`,
      'private address (METRIC_ALLOWED_NETWORKS=fc00::/7 would allow it)',
    ],
    ['IPv6 multicast', () => `[ff02::1]/m`, 'multicast address'],
    ['IPv6 documentation', () => `[2001:db8::1]/m`, 'reserved address'],
    ['a name resolving to IMDS', () => `imds.test/latest`, 'link-local address'],
    [
      'a name resolving to 10/8',
      () => `internal.test/m`,
      'private address (METRIC_ALLOWED_NETWORKS=10.0.0.0/8 would allow it)',
    ],
    [
      'a name with one bad answer',
      () => `mixed.test:${P()}/m`,
      'private address (METRIC_ALLOWED_NETWORKS=10.0.0.0/8 would allow it)',
    ],
    ['a name resolving to v4-mapped IMDS', () => `mapped.test/m`, 'link-local address'],
    [
      'a name resolving to IPv6 ULA',
      () => `ula.test/m`,
      'private address (METRIC_ALLOWED_NETWORKS=fc00::/7 would allow it)',
    ],
    ['the identity endpoint', () => `127.0.0.1:${ports.identity}/msi/token`, 'identity endpoint'],
    [
      'a name for the identity endpoint',
      () => `localhost:${ports.identity}/msi`,
      'identity endpoint',
    ],
  ])('%s', async (_name, where, reason) => {
    const result = await fetchBody(`http://${where()}?api_key=${SECRET}`, OPTS, clientWith(policy));
    expect(result).toEqual(blocked(where(), reason));
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });
});

describe('OAuth2 token URLs take the same guard', () => {
  it.each([
    ['IMDS', () => `169.254.169.254/metadata/identity/oauth2/token`, 'link-local address'],
    [
      'private 10/8',
      () => `10.1.2.3/token`,
      'private address (METRIC_ALLOWED_NETWORKS=10.0.0.0/8 would allow it)',
    ],
    ['a name resolving to IMDS', () => `imds.test/token`, 'link-local address'],
    ['the identity endpoint', () => `127.0.0.1:${ports.identity}/msi/token`, 'identity endpoint'],
  ])('%s', async (_name, where, reason) => {
    const client = clientWith(policy);
    const result = await createTokenCache().get(
      { tokenUrl: `http://${where()}?tenant=${SECRET}`, clientId: 'app', scopes: [] },
      'client-secret',
      (url, opts) => fetchBody(url, opts, client),
      OPTS,
    );
    expect(result).toEqual({
      ok: false,
      message: `oauth2 token from ${where()}: blocked: ${reason}`,
    });
    expect(JSON.stringify(result)).not.toMatch(/s3cr3t|client-secret/);
  });
});

describe('Service endpoints (pod IPs) take the same guard', () => {
  it('refuses private, link-local and identity-endpoint pod addresses, reads the allowed one', async () => {
    const client = clientWith(policy);
    const addresses = ['10.1.2.3', '169.254.169.254', '127.0.0.1'];
    const reader = new MetricReader(
      {
        ...OPTS,
        concurrency: 4,
        endpoints: {
          namespaces: ['shop'],
          list: () =>
            Promise.resolve([
              {
                addressType: 'IPv4',
                ports: [],
                endpoints: addresses.map((a) => ({ addresses: [a], ready: true })),
              },
            ]),
        },
      },
      (url, opts) => fetchBody(url, opts, client),
    );
    const read = (port: number) =>
      reader.read({
        url: `http://worker.shop.svc/m?api_key=${SECRET}`,
        valuePath: 'active_users',
        fromServiceEndpoints: { service: 'worker', namespace: 'shop', port, aggregate: 'sum' },
      });
    // the identity endpoint's port: every address refused, the first failure named
    const refusedAll = await read(ports.identity);
    expect(refusedAll).toMatchObject({ ok: false, kind: 'blocked' });
    expect(refusedAll.ok ? '' : refusedAll.message).toBe(
      `endpoints of shop/worker: 0/3 endpoints answered; first: 10.1.2.3:${ports.identity}/m: blocked: private address (METRIC_ALLOWED_NETWORKS=10.0.0.0/8 would allow it)`,
    );
    // the plain server's port: only 127.0.0.1 is allowed and counts
    expect(await read(ports.plain)).toEqual({ ok: true, value: 42, note: '1/3 endpoints' });
    expect(JSON.stringify(refusedAll)).not.toContain(SECRET);
  });
});

describe('the strict default (no METRIC_ALLOWED_NETWORKS)', () => {
  it.each([
    ['an IP literal', () => `127.0.0.1:${ports.plain}/m`],
    ['a name', () => `metrics.test:${ports.plain}/m`],
  ])('refuses loopback: %s', async (_name, where) => {
    const before = hits.get('/m') ?? 0;
    const result = await fetchBody(`http://${where()}`, OPTS, clientWith(STRICT_POLICY));
    expect(result).toEqual(
      blocked(where(), 'loopback address (METRIC_ALLOWED_NETWORKS=127.0.0.0/8 would allow it)'),
    );
    expect(hits.get('/m') ?? 0).toBe(before);
  });

  it('is what fetchBody uses when no policy is given (process client, system resolver)', async () => {
    const where = `127.0.0.1:${ports.plain}/m`;
    expect(await fetchBody(`http://${where}`, OPTS)).toEqual(
      blocked(where, 'loopback address (METRIC_ALLOWED_NETWORKS=127.0.0.0/8 would allow it)'),
    );
  });

  it('a policy in the options selects its own process client', async () => {
    const result = await fetchBody(`http://127.0.0.1:${ports.plain}/ok`, {
      ...OPTS,
      network: policy,
    });
    expect(result).toEqual({ ok: true, body: { active_users: 42 } });
  });
});

describe('allowed destinations keep every other protection', () => {
  it('reaches an allowed name, resolving it once and dialling the checked address', async () => {
    lookups.length = 0;
    const result = await fetchBody(
      `http://metrics.test:${ports.plain}/ok`,
      OPTS,
      clientWith(policy),
    );
    expect(result).toEqual({ ok: true, body: { active_users: 42 } });
    expect(lookups).toEqual(['metrics.test']);
  });

  it('defeats DNS rebinding: the second answer (IMDS) is never used', async () => {
    rebindCalls = 0;
    const client = clientWith(policy);
    const url = `http://rebind.test:${ports.plain}/ok`;
    expect(await fetchBody(url, OPTS, client)).toEqual({ ok: true, body: { active_users: 42 } });
    // a keep-alive socket is reused; a new connection would resolve again and be refused
    expect(await fetchBody(url, OPTS, client)).toEqual({ ok: true, body: { active_users: 42 } });
    expect(rebindCalls).toBe(1);
  });

  it('does not follow a redirect to IMDS (nothing resolved or dialled for it)', async () => {
    const where = `127.0.0.1:${ports.plain}/redirect-imds`;
    const result = await fetchBody(`http://${where}`, OPTS, clientWith(policy));
    expect(result).toEqual({
      ok: false,
      kind: 'http',
      message: `${where}: HTTP 302 (redirects are not followed)`,
    });
  });

  it('caps a gzip bomb at the decompressed size', async () => {
    const where = `127.0.0.1:${ports.plain}/bomb`;
    const result = await fetchBody(`http://${where}`, OPTS, clientWith(policy));
    expect(result).toEqual({
      ok: false,
      kind: 'too-large',
      message: `${where}: response larger than ${OPTS.maxBytes} bytes`,
    });
  });

  it.each([
    ['a body that never ends', () => `127.0.0.1:${ports.plain}/drip`],
    ['a resolver that never answers', () => `hang.test/m`],
  ])('times out on %s', async (_name, where) => {
    const result = await fetchBody(
      `http://${where()}`,
      { ...OPTS, timeoutMs: 200 },
      clientWith(policy),
    );
    expect(result).toEqual({
      ok: false,
      kind: 'timeout',
      message: `${where()}: timed out after 200 ms`,
    });
  });
});

describe('TLS to a checked address still verifies the host name', () => {
  const tls = { ca: certs.ca };
  it('accepts the certificate of metrics.test', async () => {
    const url = `https://metrics.test:${ports.secure}/ok`;
    const result = await fetchBody(url, { ...OPTS, tls }, clientWith(policy));
    expect(result).toEqual({ ok: true, body: { active_users: 42 } });
  });

  it.each([
    ['a name the certificate does not cover', 'wrong.test', tls, 'ERR_TLS_CERT_ALTNAME_INVALID'],
    ['an unknown CA', 'metrics.test', undefined, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
  ])('refuses %s', async (_name, host, ca, code) => {
    const where = `${host}:${ports.secure}/ok`;
    const result = await fetchBody(`https://${where}`, { ...OPTS, tls: ca }, clientWith(policy));
    expect(result).toEqual({
      ok: false,
      kind: 'network',
      message: `${where}: TLS error (${code})`,
    });
  });
});
