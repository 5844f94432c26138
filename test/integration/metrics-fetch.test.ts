/**
 * fetchBody + MetricReader against real HTTP servers on 127.0.0.1 (no mocks). Every URL carries
 * userinfo and a secret query; every failing response carries a secret header and body. No
 * message may contain any of them.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { clientFor } from '../../lib/metrics/client.js';
import { createHttpClient, destroyHttpClient, fetchBody } from '../../lib/metrics/fetch.js';
import { MetricReader, type FetchBody } from '../../lib/metrics/reader.js';
import type { MetricFetchOptions } from '../../lib/metrics/types.js';
import { createPolicy } from '../../lib/net/policy.js';
import { createLimiter } from '../../lib/util/limit.js';

const SECRETS = ['s3cr3t-query', 'pa55word', 's3cr3t-header', 's3cr3t-body'];
const MiB = 1024 * 1024;
/** The servers are on 127.0.0.1, which the network guard refuses unless allowed. */
const LOOPBACK = createPolicy('127.0.0.0/8');
const OPTS: MetricFetchOptions = { timeoutMs: 3000, maxBytes: MiB, network: LOOPBACK };
const GATE_LIMIT = 3;

const json = (value: unknown) => JSON.stringify(value);
/** A JSON document of exactly `size` bytes (size >= 30) holding active_users = 1. */
const sizedJson = (size: number) => `{"active_users":1,"pad":"${'x'.repeat(size - 27)}"}`;
const bomb = Buffer.from(sizedJson(10 * MiB));
const ENCODED: Record<string, Buffer> = {
  gzip: zlib.gzipSync(bomb),
  deflate: zlib.deflateSync(bomb),
  br: zlib.brotliCompressSync(bomb),
};

/** Server-side observations. */
const hits = new Map<string, number>();
const seen = { accept: '', connections: 0, inFlight: 0, maxInFlight: 0 };
let held: http.ServerResponse[] = [];
let gateTimer: NodeJS.Timeout | undefined;

/** Holds gated requests so extra ones can pile up; releases a full wave after 20 ms. */
function holdAtGate(res: http.ServerResponse): void {
  seen.inFlight += 1;
  seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
  held.push(res);
  clearTimeout(gateTimer);
  gateTimer = setTimeout(
    () => {
      const wave = held;
      held = [];
      seen.inFlight -= wave.length;
      for (const r of wave) r.end(json({ n: 1 }));
    },
    seen.inFlight >= GATE_LIMIT ? 20 : 300,
  );
}

function sendForever(res: http.ServerResponse): void {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let open = true;
  res.on('close', () => (open = false));
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"active_users":1');
  const pump = (): void => {
    while (open && res.write(chunk));
    if (open) res.once('drain', pump);
  };
  pump();
}

function dripBody(res: http.ServerResponse): void {
  const body = json({ active_users: 1, pad: 'x'.repeat(40) });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  let sent = 0;
  const timer = setInterval(() => {
    res.write(body.charAt(sent));
    sent += 1;
    if (sent === body.length) res.end();
  }, 100);
  res.on('close', () => clearInterval(timer));
}

const SECRET_HEADERS = { 'x-secret': 's3cr3t-header', 'set-cookie': 'session=s3cr3t-header' };
const JSON_TYPE = { 'content-type': 'application/json' };
const users = json({ active_users: 42, data: { items: [{ count: 1 }, { count: 9 }] } });
/** route → [status, headers, body] */
const FIXED: Record<string, [number, http.OutgoingHttpHeaders, string | Buffer]> = {
  json: [200, JSON_TYPE, users],
  shared: [200, JSON_TYPE, json({ a: 1, b: { c: 2 } })],
  'string-number': [200, JSON_TYPE, json({ active_users: '42' })],
  'text-value': [200, SECRET_HEADERS, json({ active_users: 'n/a s3cr3t-body' })],
  redirect: [302, { location: '/json?token=s3cr3t-header', ...SECRET_HEADERS }, ''],
  garbage: [200, { ...JSON_TYPE, ...SECRET_HEADERS }, 'not json {{ s3cr3t-body'],
  html: [200, { 'content-type': 'text/html', ...SECRET_HEADERS }, '<p>Sign in s3cr3t-body</p>'],
  'gzip-small': [200, { 'content-encoding': 'gzip' }, zlib.gzipSync(json({ active_users: 5 }))],
};

function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  hits.set(path, (hits.get(path) ?? 0) + 1);
  if (path === '/json') seen.accept = req.headers.accept ?? '';
  const [, route = '', arg = ''] = path.split('/');
  const fixed = FIXED[route];
  if (fixed) return void res.writeHead(fixed[0], fixed[1]).end(fixed[2]);
  if (route === 'status') return void res.writeHead(Number(arg), SECRET_HEADERS).end('s3cr3t-body');
  if (route === 'sized') return void res.end(sizedJson(Number(arg)));
  if (route === 'bomb')
    return void res.writeHead(200, { 'content-encoding': arg }).end(ENCODED[arg]);
  if (route === 'endless') return sendForever(res);
  if (route === 'drip') return dripBody(res);
  if (route === 'gate') return holdAtGate(res);
  if (route !== 'hang') res.writeHead(404).end(); // `hang` never answers; closeAllConnections() ends it
}

const server = http.createServer(handle);
server.on('connection', () => (seen.connections += 1));
const client = createHttpClient(16, { policy: LOOPBACK });
const viaClient: FetchBody = (url, opts) => fetchBody(url, opts, client);
let port = 0;

const urlOf = (path: string, p = port) =>
  `http://user:pa55word@127.0.0.1:${p}${path}?api_key=s3cr3t-query`;
const whereOf = (path: string) => `127.0.0.1:${port}${path}`;

async function readOnce(path: string, valuePath: string, opts: Partial<MetricFetchOptions>) {
  const reader = new MetricReader({ ...OPTS, ...opts, concurrency: 4 }, viaClient);
  return reader.read({ url: urlOf(path), valuePath });
}

function expectNoSecrets(result: unknown): void {
  const text = JSON.stringify(result);
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  clearTimeout(gateTimer);
  destroyHttpClient(client);
  destroyHttpClient(clientFor(LOOPBACK));
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('fetchBody through MetricReader', () => {
  const ok = (value: number) => () => ({ ok: true, value });
  const fail = (kind: string, reason: string) => (path: string) => ({
    ok: false,
    kind,
    message: `${whereOf(path)}: ${reason}`,
  });
  const notJson = fail('parse', 'response is not JSON');
  const tooLarge = (bytes: number) => fail('too-large', `response larger than ${bytes} bytes`);
  const timedOut = fail('timeout', 'timed out after 200 ms');

  const redirect = fail('http', 'HTTP 302 (redirects are not followed)');
  const notNumber = fail('parse', 'value at "active_users" is not a number (string)');
  const AU = 'active_users';

  it.each([
    ['JSON', '/json', AU, {}, ok(42)],
    ['JSON, nested path', '/json', 'data.items.1.count', {}, ok(9)],
    ['a string number', '/string-number', AU, {}, ok(42)],
    ['a gzip body under the cap', '/gzip-small', AU, {}, ok(5)],
    ['a body exactly at the cap', '/sized/1024', AU, { maxBytes: 1024 }, ok(1)],
    ['a body one byte over the cap', '/sized/1025', AU, { maxBytes: 1024 }, tooLarge(1024)],
    ['HTTP 500', '/status/500', AU, {}, fail('http', 'HTTP 500')],
    ['HTTP 404', '/status/404', AU, {}, fail('http', 'HTTP 404')],
    ['HTTP 302', '/redirect', AU, {}, redirect],
    ['a garbage body', '/garbage', AU, {}, notJson],
    ['an HTML page', '/html', AU, {}, notJson],
    ['a non-number value', '/text-value', AU, {}, notNumber],
    ['a missing field', '/json', 'nope', {}, fail('parse', 'no field at "nope"')],
    ['a 2 MiB body, cap 1 MiB', `/sized/${2 * MiB}`, AU, {}, tooLarge(MiB)],
    ['an endless body', '/endless', AU, {}, tooLarge(MiB)],
    ['a gzip bomb', '/bomb/gzip', AU, {}, tooLarge(MiB)],
    ['a deflate bomb', '/bomb/deflate', AU, {}, tooLarge(MiB)],
    ['a brotli bomb', '/bomb/br', AU, {}, tooLarge(MiB)],
    ['a server that never answers', '/hang', AU, { timeoutMs: 200 }, timedOut],
    ['a body dripping 1 byte / 100 ms', '/drip', AU, { timeoutMs: 200 }, timedOut],
  ])('%s', async (_name, path, valuePath, opts, expected) => {
    const result = await readOnce(path, valuePath, opts);
    expect(result).toEqual(expected(path));
    expectNoSecrets(result);
  });

  it('bombs are small on the wire, so the cap must count decompressed bytes', () => {
    for (const body of Object.values(ENCODED)) expect(body.length).toBeLessThan(MiB / 16);
  });

  it('sends Accept: application/json', async () => {
    await readOnce('/json', 'active_users', {});
    expect(seen.accept).toBe('application/json');
  });

  it('does not follow the redirect', async () => {
    const before = hits.get('/json') ?? 0;
    await readOnce('/redirect', 'active_users', {});
    expect(hits.get('/json') ?? 0).toBe(before);
  });

  it('maps a refused connection to network', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await fetchBody(urlOf('/m', closedPort), OPTS, client);
    expect(result).toEqual({
      ok: false,
      kind: 'network',
      message: `127.0.0.1:${closedPort}/m: connection refused (ECONNREFUSED)`,
    });
  });

  it.each([
    ['not a URL', 'metrics?api_key=s3cr3t-query', '<invalid url>'],
    ['a file URL', 'file:///etc/passwd', '/etc/passwd'],
    ['an ftp URL', 'ftp://user:pa55word@host/m?api_key=s3cr3t-query', 'host/m'],
  ])('refuses %s without a request', async (_name, url, where) => {
    const result = await fetchBody(url, OPTS, client);
    expect(result).toEqual({
      ok: false,
      kind: 'network',
      message: `${where}: invalid URL (http or https required)`,
    });
    expectNoSecrets(result);
  });

  it('reuses keep-alive connections of the shared client', async () => {
    const reader = new MetricReader({ ...OPTS, concurrency: 1 });
    const before = seen.connections;
    for (const path of ['/json', '/string-number', '/sized/100']) {
      const result = await reader.read({ url: urlOf(path), valuePath: 'active_users' });
      expect(result.ok).toBe(true);
    }
    expect(reader.fetchCount).toBe(3);
    expect(seen.connections - before).toBe(1);
  });
});

describe('MetricReader', () => {
  it('fetches a URL shared by several metrics once', async () => {
    const reader = new MetricReader({ ...OPTS, concurrency: 4 }, viaClient);
    const before = hits.get('/shared') ?? 0;
    const results = await Promise.all([
      reader.read({ url: urlOf('/shared'), valuePath: 'a' }),
      reader.read({ url: urlOf('/shared'), valuePath: 'b.c' }),
    ]);
    const later = await reader.read({ url: urlOf('/shared'), valuePath: 'a' });
    expect([...results, later]).toEqual([1, 2, 1].map((value) => ({ ok: true, value })));
    expect(hits.get('/shared')! - before).toBe(1);
    expect(reader.fetchCount).toBe(1);
  });

  it('shares a failure the same way', async () => {
    const reader = new MetricReader({ ...OPTS, concurrency: 4 }, viaClient);
    const before = hits.get('/status/503') ?? 0;
    const sources = ['a', 'b'].map((valuePath) => ({ url: urlOf('/status/503'), valuePath }));
    const results = await Promise.all(sources.map((s) => reader.read(s)));
    const expected = { ok: false, kind: 'http', message: `${whereOf('/status/503')}: HTTP 503` };
    expect(results).toEqual([expected, expected]);
    expect(hits.get('/status/503')! - before).toBe(1);
  });

  it('keeps at most `concurrency` requests in flight, and uses all of them', async () => {
    seen.maxInFlight = 0;
    const reader = new MetricReader({ ...OPTS, concurrency: GATE_LIMIT }, viaClient);
    const sources = Array.from({ length: 10 }, (_, i) => ({
      url: urlOf(`/gate/${i}`),
      valuePath: 'n',
    }));
    const results = await Promise.all(sources.map((s) => reader.read(s)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(reader.fetchCount).toBe(10);
    expect(seen.maxInFlight).toBe(GATE_LIMIT);
  });

  it('turns a rejecting injected fetch into a network failure', async () => {
    const reader = new MetricReader({ ...OPTS, concurrency: 1 }, () =>
      Promise.reject(new Error('s3cr3t-body')),
    );
    const result = await reader.read({ url: urlOf('/m'), valuePath: 'a' });
    expect(result).toEqual({
      ok: false,
      kind: 'network',
      message: `${whereOf('/m')}: request failed`,
    });
  });
});

describe('createLimiter', () => {
  it.each([[0], [-1], [1.5], [Number.NaN]])('refuses concurrency %p', (concurrency) => {
    expect(() => createLimiter(concurrency)).toThrow(RangeError);
  });

  it('runs queued tasks in FIFO order, past rejections and synchronous throws', async () => {
    const limit = createLimiter(1);
    const order: string[] = [];
    const task =
      (name: string, fails = false) =>
      () => {
        order.push(name);
        return fails ? Promise.reject(new Error(name)) : Promise.resolve(name);
      };
    const settled = await Promise.allSettled([
      limit(task('a')),
      limit(task('b', true)),
      limit(() => {
        throw new Error('c');
      }),
      limit(task('d')),
    ]);
    expect(order).toEqual(['a', 'b', 'd']);
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
  });
});
