/**
 * auth.oauth2 end to end through `reconcileAll` against two real servers: a token endpoint on
 * 127.0.0.2 and a metric endpoint on 127.0.0.1 (two hosts, so the host bindings can be told
 * apart). The client secret goes only to the token host, the token only to the metric host,
 * and the token is fetched once over several runs. The Secret must list both hosts, as a static
 * header's Secret lists its request's (issue 22 case 2). The real guarded fetch; loopback only.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenCache } from '../../lib/auth/oauth2.js';
import { ALLOWED_HOSTS_ANNOTATION } from '../../lib/auth/resolve.js';
import { parseSettings } from '../../lib/config.js';
import { createHttpClient, destroyHttpClient, fetchBody } from '../../lib/metrics/fetch.js';
import { reconcileAll, type RunDeps } from '../../lib/reconcile/run.js';
import { FakeKube } from '../support/fakeKube.js';
import { ACT_AT_ONCE, fullSpec } from '../support/builders/resources.js';
import { collectLines } from '../support/builders/runs.js';
import { installTripwire, loopbackDial, type Tripwire } from '../support/tripwire.js';

const NS = 'business-scaling-system';
const CLIENT_SECRET = 'cl13nt-s3cr3t-value';
const TOKEN = 'b3ar3r-t0k3n-value';

const tokenRequests: { auth?: string; body: string }[] = [];
const metricAuth: (string | undefined)[] = [];
const tokenServer = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    tokenRequests.push({ auth: req.headers.authorization, body });
    const basic = `Basic ${Buffer.from(`shop-app:${CLIENT_SECRET}`).toString('base64')}`;
    if (req.headers.authorization !== basic)
      return void res.writeHead(401).end(`{"error":"bad ${CLIENT_SECRET}"}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ access_token: TOKEN, token_type: 'bearer', expires_in: 3600 }));
  });
});
const metricServer = http.createServer((req, res) => {
  metricAuth.push(req.headers.authorization);
  if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end();
  res.end(JSON.stringify({ orders: 700 }));
});

const refused: string[] = [];
let tripwire: Tripwire;
const settings = parseSettings({ METRIC_ALLOWED_NETWORKS: '127.0.0.0/8' });
const client = createHttpClient(8, { policy: settings.metricNetwork, dial: loopbackDial(refused) });
let tokenUrl = '';
let metricUrl = '';

beforeAll(async () => {
  tripwire = installTripwire();
  await new Promise<void>((done) => tokenServer.listen(0, '127.0.0.2', done));
  await new Promise<void>((done) => metricServer.listen(0, '127.0.0.1', done));
  tokenUrl = `http://127.0.0.2:${(tokenServer.address() as AddressInfo).port}/oauth2/token`;
  metricUrl = `http://127.0.0.1:${(metricServer.address() as AddressInfo).port}/orders`;
});

afterAll(async () => {
  tripwire.uninstall();
  destroyHttpClient(client);
  for (const s of [tokenServer, metricServer]) {
    s.closeAllConnections();
    await new Promise((done) => s.close(done));
  }
});

beforeEach(() => {
  tokenRequests.length = 0;
  metricAuth.length = 0;
});
afterEach(() => expect([refused, tripwire.stopped]).toEqual([[], []]));

const BOTH = '127.0.0.2, 127.0.0.1';

function setup(allowedHosts: string, secret = CLIENT_SECRET, url = () => metricUrl) {
  const kube = new FakeKube()
    .addSecret(NS, 'oauth', { secret }, { [ALLOWED_HOSTS_ANNOTATION]: allowedHosts })
    .addWorkload('Deployment', 'shop', 'web', 3)
    .addScaling(
      'web',
      fullSpec(
        {
          name: 'web',
          apiVersion: 'apps/v1',
          url: url(),
          valuePath: 'orders',
          http: {
            auth: {
              oauth2: {
                tokenUrl,
                clientId: 'shop-app',
                clientSecretRef: { name: 'oauth', key: 'secret' },
                scopes: ['metrics.read', 'orders'],
              },
            },
          },
        },
        // acts at once (the README recipe): this test is about the metric, not the HPA's legacy cap
        { behavior: ACT_AT_ONCE },
      ),
    );
  const { lines, log } = collectLines();
  const deps: RunDeps = {
    kube,
    settings,
    log,
    fetchBody: (url, opts) => fetchBody(url, opts, client),
    oauth2Tokens: createTokenCache(),
  };
  return { kube, lines, deps };
}

const expectNoLeak = (published: unknown) => {
  const text = JSON.stringify(published);
  expect(text).not.toContain(CLIENT_SECRET);
  expect(text).not.toContain(TOKEN);
};

it('secret to the token host, token to the metric host, one token for several runs', async () => {
  const { kube, lines, deps } = setup(BOTH);
  const first = await reconcileAll(deps);
  const second = await reconcileAll(deps);
  // ceil(700 / 100) = 7
  expect(first.resources[0]).toMatchObject({ action: 'scaled', desiredReplicas: 7 });
  expect(second.resources[0]).toMatchObject({ action: 'unchanged', desiredReplicas: 7 });
  expect(tokenRequests).toEqual([
    {
      auth: `Basic ${Buffer.from(`shop-app:${CLIENT_SECRET}`).toString('base64')}`,
      body: 'grant_type=client_credentials&scope=metrics.read+orders',
    },
  ]);
  expect(metricAuth).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
  expectNoLeak({ first, second, writes: kube.writes, lines });
});

it('a Secret bound only to the metric host is never sent to the token host', async () => {
  const { kube, lines, deps } = setup('127.0.0.1');
  const report = await reconcileAll(deps);
  expect(report.resources[0]).toMatchObject({ action: 'held', reason: 'InvalidSpec' });
  expect(report.resources[0]?.message).toContain(`secret ${NS}/oauth may not be sent to 127.0.0.2`);
  expect([tokenRequests, metricAuth]).toEqual([[], []]);
  expectNoLeak({ report, writes: kube.writes, lines });
});

it('a rejected client: FailedGetMetric naming the token URL, no body, no metric request', async () => {
  const { kube, lines, deps } = setup(BOTH, 'wrong-secret');
  const report = await reconcileAll(deps);
  expect(report.resources[0]).toMatchObject({ action: 'held' });
  expect(report.resources[0]?.message).toContain(
    `oauth2 token from ${tokenUrl.slice(7)}: HTTP 401`,
  );
  expect(tokenRequests).toHaveLength(1);
  expect(metricAuth).toEqual([]);
  expectNoLeak({ report, writes: kube.writes, lines });
});

it.each<[string, string, () => string, string]>([
  ['only the token host (the token would go anywhere)', '127.0.0.2', () => metricUrl, '127.0.0.1'],
  [
    'the token host and 127.0.0.1, the metric on localhost (the issue)',
    BOTH,
    () => metricUrl.replace('127.0.0.1', 'localhost'),
    'localhost',
  ],
])(
  'a Secret bound to %s: refused before any token request, InvalidSpec',
  async (_, hosts, url, metricHost) => {
    const { kube, lines, deps } = setup(hosts, CLIENT_SECRET, url);
    const report = await reconcileAll(deps);
    expect(report.resources[0]).toMatchObject({ action: 'held', reason: 'InvalidSpec' });
    expect(report.resources[0]?.message).toContain(
      `secret ${NS}/oauth: its oauth2 token may not be sent to ${metricHost} (${ALLOWED_HOSTS_ANNOTATION})`,
    );
    expect([tokenRequests, metricAuth]).toEqual([[], []]);
    expect(kube.replicas('Deployment', 'shop', 'web')).toBe(3);
    expectNoLeak({ report, writes: kube.writes, lines });
  },
);
