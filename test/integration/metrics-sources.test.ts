/**
 * Every source and format against real servers on 127.0.0.1: a JSON/text/exposition endpoint, a
 * POST endpoint, a Secret-backed header, and a real Prometheus server (Debian's package) scraping
 * a local exporter. The tripwire stops any connection outside 127.0.0.0/8.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ALLOWED_HOSTS_ANNOTATION, createAuthResolver } from '../../lib/auth/resolve.js';
import { MetricReader } from '../../lib/metrics/reader.js';
import { createPolicy } from '../../lib/net/policy.js';
import type { HttpMetricSource } from '../../lib/spec/types.js';
import {
  prometheusMissing,
  startPrometheus,
  type PrometheusServer,
} from '../../tools/prometheus.js';
import { describeUnless } from '../harness/skip.js';
import { FakeKube } from '../support/fakeKube.js';
import { installTripwire, type Tripwire } from '../support/tripwire.js';

const API_KEY = 's3cr3t-api-key';
const EXPOSITION = [
  '# TYPE orders_total counter',
  'orders_total{region="eu"} 40',
  'orders_total{region="us"} 2',
  'queue_depth 7',
].join('\n');

const seen: { method?: string; body?: string; apiKey?: string } = {};
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    Object.assign(seen, { method: req.method, body, apiKey: req.headers['x-api-key'] });
    if (path === '/metrics')
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end(EXPOSITION);
    if (path === '/text') return void res.end('17\n');
    if (path === '/search') {
      const query = JSON.parse(body || '{}') as { region?: string };
      return void res.end(JSON.stringify({ hits: { total: query.region === 'eu' ? 12 : 0 } }));
    }
    if (path === '/keyed') {
      if (req.headers['x-api-key'] !== API_KEY)
        return void res.writeHead(401).end(`bad key ${API_KEY}`);
      return void res.end(JSON.stringify({ shops: [{ n: 3 }, { n: 4 }] }));
    }
    res.writeHead(404).end();
  });
});

let base = '';
let prometheus: PrometheusServer | undefined;
let tripwire: Tripwire;
const kube = new FakeKube();

function reader() {
  const auth = createAuthResolver({ kube, secretsNamespaces: ['business-scaling-system'] });
  const network = createPolicy('127.0.0.0/8');
  return new MetricReader(
    { timeoutMs: 3000, maxBytes: 1 << 20, concurrency: 4, network },
    undefined,
    auth,
  );
}

beforeAll(async () => {
  tripwire = installTripwire();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  kube.addSecret(
    'business-scaling-system',
    'api',
    { key: API_KEY },
    { [ALLOWED_HOSTS_ANNOTATION]: '127.0.0.1' },
  );
  if (prometheusMissing() === undefined) prometheus = await startPrometheus([`127.0.0.1:${port}`]);
}, 60_000);

afterAll(async () => {
  tripwire.uninstall();
  await prometheus?.stop();
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

afterEach(() => expect(tripwire.stopped.splice(0)).toEqual([]));

describe('http sources', () => {
  const at = (path: string, extra: Partial<HttpMetricSource>): HttpMetricSource => ({
    url: `${base}${path}?token=s3cr3t-query`,
    valuePath: 'value',
    ...extra,
  });
  it.each([
    ['text', () => at('/text', { format: 'text' }), 17],
    [
      'exposition, one series',
      () => at('/metrics', { format: 'prometheus', valuePath: 'queue_depth' }),
      7,
    ],
    [
      'exposition, summed',
      () => at('/metrics', { format: 'prometheus', valuePath: 'orders_total', aggregate: 'sum' }),
      42,
    ], // 40 + 2
    [
      'POST with a JSON body',
      () => at('/search', { method: 'POST', body: { region: 'eu' }, valuePath: '$.hits.total' }),
      12,
    ],
    [
      'a Secret-backed header, JSONPath max',
      () =>
        at('/keyed', {
          valuePath: '$.shops[*].n',
          aggregate: 'max',
          auth: { headers: [{ name: 'X-Api-Key', secretKeyRef: { name: 'api', key: 'key' } }] },
        }),
      4,
    ],
  ])('%s', async (_name, source, value) => {
    expect(await reader().read(source())).toEqual({ ok: true, value });
  });

  it('sends the POST body as JSON', async () => {
    await reader().read(
      at('/search', { method: 'POST', body: { region: 'eu' }, valuePath: 'hits.total' }),
    );
    expect(seen).toMatchObject({ method: 'POST', body: '{"region":"eu"}' });
  });

  it('a failure with a Secret in play leaks neither the Secret nor the body', async () => {
    const result = await reader().read(at('/keyed', {}));
    expect(result).toEqual({
      ok: false,
      kind: 'http',
      message: `${base.slice(7)}/keyed: HTTP 401`,
    });
    expect(JSON.stringify(result)).not.toMatch(/s3cr3t/);
  });
});

describeUnless(prometheusMissing(), 'prometheus source (a real Prometheus server)', () => {
  const query = (q: string) => ({ serverAddress: prometheus!.url, query: q });

  /** Waits for the first scrape to land. */
  beforeAll(async () => {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !(await reader().read(query('queue_depth'))).ok) {
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 30_000);

  it('reads a single-sample instant query', async () => {
    expect(await reader().read(query('sum(orders_total)'))).toEqual({ ok: true, value: 42 });
  });

  it('a scalar query', async () => {
    expect(await reader().read(query('scalar(queue_depth) * 2'))).toEqual({ ok: true, value: 14 });
  });

  it('says how many series came back', async () => {
    const where = `${prometheus!.url.slice(7)}/api/v1/query`;
    expect(await reader().read(query('orders_total'))).toEqual({
      ok: false,
      kind: 'parse',
      message: `${where}: query returned 2 series (expected 1)`,
    });
    expect(await reader().read(query('orders_total{region="ap"}'))).toEqual({
      ok: false,
      kind: 'parse',
      message: `${where}: query returned 0 series (expected 1)`,
    });
  });

  it('a bad query is an HTTP 400 without the query text', async () => {
    const result = await reader().read(query('sum(s3cr3t_metric'));
    expect(result).toEqual({
      ok: false,
      kind: 'http',
      message: `${prometheus!.url.slice(7)}/api/v1/query: HTTP 400`,
    });
  });
});
