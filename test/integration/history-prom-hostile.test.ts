/**
 * The Prometheus range reader and its HistorySource against a hostile HTTP server on 127.0.0.1
 * (no mocks): each answer is what a broken or malicious "Prometheus" could send. The server
 * address carries userinfo, failing answers carry secret headers and bodies, the Secret's
 * header value is secret: no message may contain any of them.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ALLOWED_HOSTS_ANNOTATION, createAuthResolver } from '../../lib/auth/resolve.js';
import { HistoryError, MAX_POINTS } from '../../lib/history/codec.js';
import { readPromRange, type RangeDeps } from '../../lib/history/promRange.js';
import { createPromHistorySource } from '../../lib/history/promSource.js';
import { createPolicy, STRICT_POLICY } from '../../lib/net/policy.js';
import type { PrometheusMetricSource } from '../../lib/spec/types.js';
import { FakeKube } from '../support/fakeKube.js';
import { installTripwire, type Tripwire } from '../support/tripwire.js';

const SECRETS = ['s3cr3t-query', 'pa55word', 's3cr3t-header', 's3cr3t-body', 's3cr3t-token'];
const NS = 'business-scaling-system';
const STEP = 300;
const NOW = 1_796_000_123;
const END = Math.floor(NOW / STEP) * STEP;
const LOOPBACK = createPolicy('127.0.0.0/8');
const OPTIONS = { timeoutMs: 1500, maxBytes: 1 << 20, network: LOOPBACK };

const seen: { params?: Record<string, string>; auth?: string | undefined; hits: number } = {
  hits: 0,
};
const matrix = (values: unknown[]) =>
  JSON.stringify({
    status: 'success',
    data: { resultType: 'matrix', result: [{ metric: { team: 's3cr3t-body' }, values }] },
  });
/** The last `n` steps of the window ending at END, one sample each. */
const lastSteps = (values: string[]) =>
  values.map((v, i) => [END - (values.length - 1 - i) * STEP, v]);

const ROUTES: Record<string, (res: http.ServerResponse) => void> = {
  '/ok': (res) => res.end(matrix(lastSteps(['1', '2', 'NaN', '+Inf', '5']))),
  '/no-last': (res) =>
    res.end(matrix(lastSteps(['1', '2']).map(([t, v]) => [Number(t) - STEP, v]))),
  '/empty': (res) =>
    res.end(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } })),
  '/many': (res) => res.end(matrix(Array.from({ length: MAX_POINTS + 1 }, (_, i) => [i, '1']))),
  '/huge': (res) =>
    res.end(matrix([[END, '1']]).replace('"team"', `"pad":"${'x'.repeat(2 << 20)}","team"`)),
  '/redirect': (res) =>
    res
      .writeHead(302, { location: 'http://10.1.2.3/api/v1/query_range?token=s3cr3t-header' })
      .end(),
  '/bad': (res) =>
    res
      .writeHead(400, { 'x-secret': 's3cr3t-header' })
      .end('{"status":"error","errorType":"bad_data","error":"s3cr3t-body"}'),
  '/slow': (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const timer = setInterval(() => res.write(' '), 100);
    res.on('close', () => clearInterval(timer));
  },
};

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  seen.hits += 1;
  seen.params = Object.fromEntries(url.searchParams);
  seen.auth = req.headers['x-api-key'] as string | undefined;
  const prefix = url.pathname.replace(/\/api\/v1\/query_range$/, '');
  (ROUTES[prefix] ?? ((r: http.ServerResponse) => r.writeHead(404).end()))(res);
});

let base = '';
let host = '';
let tripwire: Tripwire;
const kube = new FakeKube();

beforeAll(async () => {
  tripwire = installTripwire();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  base = `http://user:pa55word@${host}`;
  kube.addSecret(NS, 'prom', { key: 's3cr3t-token' }, { [ALLOWED_HOSTS_ANNOTATION]: '127.0.0.1' });
  kube.addSecret(
    NS,
    'elsewhere',
    { key: 's3cr3t-token' },
    { [ALLOWED_HOSTS_ANNOTATION]: 'prom.example' },
  );
});

afterAll(async () => {
  tripwire.uninstall();
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

afterEach(() => expect(tripwire.stopped.splice(0)).toEqual([]));

const deps = (extra: Partial<RangeDeps> = {}): RangeDeps => ({
  options: OPTIONS,
  auth: createAuthResolver({ kube, secretsNamespaces: [NS] }),
  ...extra,
});
const source = (path: string, secret?: string): PrometheusMetricSource => ({
  serverAddress: `${base}${path}`,
  query: 'sum(rate(orders{token="s3cr3t-query"}[5m]))',
  ...(secret && {
    auth: { headers: [{ name: 'x-api-key', secretKeyRef: { name: secret, key: 'key' } }] },
  }),
});
const KEY = { namespace: 'shop', name: 'web', metric: 'orders' };
const observe = (path: string, reading: number | undefined, d = deps()) =>
  createPromHistorySource({ ...d, source: source(path) }).observe(KEY, NOW, reading, STEP);

describe('a Prometheus range query through the guard', () => {
  it('asks for 22 days of 5-minute steps ending at the bucket of now, with the Secret header', async () => {
    const r = await readPromRange(
      source('/ok', 'prom'),
      { startSeconds: END - (MAX_POINTS - 1) * STEP, stepSeconds: STEP, points: MAX_POINTS },
      deps(),
    );
    expect(r.ok).toBe(true);
    expect(seen.params).toEqual({
      query: source('/ok').query,
      start: String(END - 22 * 86_400 + STEP),
      end: String(END),
      step: '300',
    });
    expect(seen.auth).toBe('s3cr3t-token');
  });

  const where = () => `${host}/%s/api/v1/query_range`;
  it.each([
    [
      '/many',
      'too-large',
      `the series has ${MAX_POINTS + 1} samples, more than the ${MAX_POINTS} steps asked for`,
    ],
    ['/huge', 'too-large', `response larger than ${1 << 20} bytes`],
    ['/redirect', 'http', 'HTTP 302 (redirects are not followed)'],
    ['/bad', 'http', 'HTTP 400'],
    ['/slow', 'timeout', 'timed out after 1500 ms'],
  ])('%s: a clear failure that leaks nothing', async (path, kind, reason) => {
    const history = createPromHistorySource({ ...deps(), source: source(path, 'prom') });
    const err: unknown = await history.observe(KEY, NOW, 3, STEP).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HistoryError);
    const message = `metric orders: range query ${where().replace('%s', path.slice(1))}: ${reason}`;
    expect((err as Error).message).toBe(message);
    const direct = await readPromRange(
      source(path),
      { startSeconds: END - (MAX_POINTS - 1) * STEP, stepSeconds: STEP, points: MAX_POINTS },
      deps(),
    );
    expect(direct).toMatchObject({ ok: false, kind });
    for (const s of SECRETS)
      expect(JSON.stringify([direct, (err as Error).message])).not.toContain(s);
  });

  it('refuses a Secret bound to another host, before any request', async () => {
    const hits = seen.hits;
    const r = await readPromRange(
      source('/ok', 'elsewhere'),
      { startSeconds: END, stepSeconds: STEP, points: 1 },
      deps(),
    );
    expect(r).toEqual({
      ok: false,
      kind: 'auth',
      message: `${host}/ok/api/v1/query_range: secret ${NS}/elsewhere may not be sent to 127.0.0.1 (${ALLOWED_HOSTS_ANNOTATION})`,
    });
    expect(seen.hits).toBe(hits);
  });

  it('the strict network policy blocks a loopback Prometheus', async () => {
    const r = await readPromRange(
      source('/ok'),
      { startSeconds: END, stepSeconds: STEP, points: 1 },
      deps({ options: { ...OPTIONS, network: STRICT_POLICY } }),
    );
    expect(r).toMatchObject({ ok: false, kind: 'blocked' });
  });
});

describe('createPromHistorySource', () => {
  it('NaN and +Inf are gaps; the history starts at the first sample and ends now', async () => {
    expect(await observe('/ok', 9)).toEqual({
      stepSeconds: STEP,
      endSeconds: END,
      values: [1, 2, NaN, NaN, 5],
    });
  });

  it("this run's reading fills the last bucket when the range lacks it", async () => {
    expect(await observe('/no-last', 9)).toEqual({
      stepSeconds: STEP,
      endSeconds: END,
      values: [1, 2, 9],
    });
    expect(await observe('/no-last', undefined)).toEqual({
      stepSeconds: STEP,
      endSeconds: END,
      values: [1, 2, NaN],
    });
  });

  it('no series: the reading alone, or no history', async () => {
    expect(await observe('/empty', 4)).toEqual({ stepSeconds: STEP, endSeconds: END, values: [4] });
    expect(await observe('/empty', undefined)).toBeUndefined();
  });
});
