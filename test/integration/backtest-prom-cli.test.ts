/**
 * `backtest --prometheus`'s reader against a 127.0.0.1 server: consecutive range queries, the
 * bearer token from the environment (sent only where it may go, never printed), and the
 * reconciler's network policy setting.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readPromSeries } from '../../lib/cli/backtestProm.js';
import type { PromInput } from '../../lib/cli/backtestPromArgs.js';
import { MAX_POINTS } from '../../lib/history/codec.js';
import { installTripwire, type Tripwire } from '../support/tripwire.js';

const TOKEN = 's3cr3t-token';
const STEP = 60;
const T0 = 1_779_998_400;
const requests: { start: number; end: number; auth: string | undefined }[] = [];

/** Every step of the range asked for, value = minutes since T0 (the query must be `m`). */
const server = http.createServer((req, res) => {
  const q = new URL(req.url ?? '/', 'http://x').searchParams;
  const [start, end] = [Number(q.get('start')), Number(q.get('end'))];
  requests.push({ start, end, auth: req.headers.authorization });
  if (q.get('query') !== 'm') return void res.writeHead(400).end(`bad query ${TOKEN}`);
  const values = [];
  for (let t = start; t <= end; t += STEP) values.push([t, String((t - T0) / STEP)]);
  const result = [{ metric: {}, values }];
  res.end(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } }));
});

let url = '';
let tripwire: Tripwire;
beforeAll(async () => {
  tripwire = installTripwire();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  tripwire.uninstall();
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});
afterEach(() => {
  expect(tripwire.stopped.splice(0)).toEqual([]);
  requests.splice(0);
});

const POINTS = 2 * MAX_POINTS + 5;
const input = (extra: Partial<PromInput> = {}): PromInput => ({
  url,
  query: 'm',
  startSeconds: T0,
  endSeconds: T0 + (POINTS - 1) * STEP,
  stepSeconds: STEP,
  bearerTokenEnv: 'PROM_TOKEN',
  ...extra,
});
const ENV = { METRIC_ALLOWED_NETWORKS: '127.0.0.0/8', PROM_TOKEN: ` ${TOKEN}\n` };

describe('readPromSeries', () => {
  it('reads the range in queries of at most MAX_POINTS steps, with the token', async () => {
    const { series, summary } = await readPromSeries(input(), 'demand', ENV);
    expect(summary).toBe(`read ${POINTS} steps in 3 range queries; 0 gaps`);
    expect(requests).toEqual(
      [0, MAX_POINTS, 2 * MAX_POINTS].map((k) => ({
        start: T0 + k * STEP,
        end: T0 + (Math.min(k + MAX_POINTS, POINTS) - 1) * STEP,
        auth: `Bearer ${TOKEN}`,
      })),
    );
    expect(series.names).toEqual(['demand']);
    expect(series.rows.map((r) => r.values.demand)).toEqual([...Array(POINTS).keys()]);
    expect(series.rows[1]).toEqual({
      time: new Date((T0 + STEP) * 1000).toISOString(),
      at: (T0 + STEP) * 1000,
      values: { demand: 1 },
    });
  });

  const refuse = (extra: Partial<PromInput>, env: Record<string, string>) =>
    readPromSeries(input(extra), 'demand', env).then(
      () => 'resolved',
      (err: unknown) => (err as Error).message,
    );

  it.each([
    [
      'a token over http to another host',
      { url: 'http://prom.example:9090' },
      ENV,
      'a bearer token is only sent over https (or to a loopback host)',
    ],
    [
      'an unset variable',
      {},
      { METRIC_ALLOWED_NETWORKS: '127.0.0.0/8' },
      'environment variable PROM_TOKEN is empty or not set',
    ],
    [
      'a token of two lines',
      {},
      { ...ENV, PROM_TOKEN: `${TOKEN}\nX-Other: 1` },
      'environment variable PROM_TOKEN is not a token (one line of visible ASCII)',
    ],
    [
      'a bad CIDR',
      {},
      { ...ENV, METRIC_ALLOWED_NETWORKS: 'loopback' },
      'setting METRIC_ALLOWED_NETWORKS: not a CIDR (e.g. 10.0.0.0/8): "loopback"',
    ],
  ])('refuses %s before any request', async (_name, extra, env, message) => {
    expect(await refuse(extra, env)).toBe(message);
    expect(requests).toEqual([]);
  });

  it.each([
    [
      'loopback without METRIC_ALLOWED_NETWORKS',
      {},
      { PROM_TOKEN: TOKEN },
      'blocked: loopback address (METRIC_ALLOWED_NETWORKS=127.0.0.0/8 would allow it)',
    ],
    ['an HTTP 400', { query: 'n' }, ENV, 'HTTP 400'],
  ])('%s: a clear failure without the token or the body', async (_name, extra, env, reason) => {
    const message = await refuse(extra, env);
    expect(message).toBe(`prometheus: ${url.slice(7)}/api/v1/query_range: ${reason}`);
    expect(message).not.toContain(TOKEN);
  });
});
