/**
 * End to end through `reconcileAll`: a metric whose header comes from a Kubernetes Secret, read
 * from a real HTTP server on 127.0.0.1 that first fails with the Secret echoed in its body, then
 * answers. Neither the Secret value, the URL query nor any body text may appear in the report,
 * the status written, the events or the log lines. A Secret not bound to the host is never sent.
 * The same for `auth.oauth2`: a token endpoint on 127.0.0.2 that first fails echoing the client
 * secret, a metric endpoint that fails echoing the token: neither the client secret nor the
 * token may appear anywhere published.
 * In-memory KubePort; the real guarded fetch; nothing outside 127.0.0.0/8 may be dialled.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenCache } from '../../lib/auth/oauth2.js';
import { ALLOWED_HOSTS_ANNOTATION } from '../../lib/auth/resolve.js';
import { parseSettings } from '../../lib/config.js';
import { createHttpClient, destroyHttpClient, fetchBody } from '../../lib/metrics/fetch.js';
import { reconcileAll, type RunDeps } from '../../lib/reconcile/run.js';
import { FakeKube } from '../support/fakeKube.js';
import { fullSpec } from '../support/builders/resources.js';
import { collectLines } from '../support/builders/runs.js';
import { installTripwire, loopbackDial, type Tripwire } from '../support/tripwire.js';

const NS = 'business-scaling-system';
const SECRET = 'k3y-0f-th3-t3nant';
const QUERY = 'qu3ry-t0ken';
const BODY_TEXT = 'b0dy-t3xt';
const CLIENT_SECRET = 'cl13nt-s3cr3t-0f-th3-t3nant';
const TOKEN = 'acc3ss-t0k3n-0f-th3-t3nant';
const LEAKS = [SECRET, QUERY, 'api_key', BODY_TEXT, CLIENT_SECRET, TOKEN];

/** Requests per path, and how many carried the Secret's header. */
const seen = { requests: 0, withKey: 0 };
let failuresLeft = 0;
const server = http.createServer((req, res) => {
  seen.requests += 1;
  const key = req.headers['x-api-key'];
  if (typeof key === 'string' && key !== '') seen.withKey += 1;
  const echo = `${typeof key === 'string' ? key : ''} ${req.headers.authorization ?? ''}`;
  if (failuresLeft > 0) {
    failuresLeft -= 1;
    res.writeHead(500, { 'content-type': 'application/json', 'x-echo': echo });
    return void res.end(JSON.stringify({ error: `bad key ${echo} ${BODY_TEXT}` }));
  }
  res.writeHead(200, { 'content-type': 'application/json', 'x-echo': echo });
  res.end(JSON.stringify({ data: { active_users: 900 }, note: `${BODY_TEXT} ${echo}` }));
});

/** Fails `tokenFailuresLeft` times echoing the Basic credentials, then grants TOKEN. */
let tokenFailuresLeft = 0;
const tokenServer = http.createServer((req, res) => {
  const basic = req.headers.authorization ?? '';
  const decoded = Buffer.from(basic.replace(/^Basic /, ''), 'base64').toString();
  if (tokenFailuresLeft > 0) {
    tokenFailuresLeft -= 1;
    return void res.writeHead(500, { 'x-echo': decoded }).end(`bad client ${decoded}`);
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ access_token: TOKEN, token_type: 'Bearer', expires_in: 600 }));
});
let tokenPort = 0;

const refused: string[] = [];
let tripwire: Tripwire;
const settings = parseSettings({ METRIC_ALLOWED_NETWORKS: '127.0.0.0/8' });
const client = createHttpClient(8, { policy: settings.metricNetwork, dial: loopbackDial(refused) });
let port = 0;

beforeAll(async () => {
  tripwire = installTripwire();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as AddressInfo).port;
  await new Promise<void>((done) => tokenServer.listen(0, '127.0.0.2', done));
  tokenPort = (tokenServer.address() as AddressInfo).port;
});

afterAll(async () => {
  tripwire.uninstall();
  destroyHttpClient(client);
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  tokenServer.closeAllConnections();
  await new Promise((done) => tokenServer.close(done));
});

beforeEach(() => {
  seen.requests = 0;
  seen.withKey = 0;
});

afterEach(() => {
  expect([refused, tripwire.stopped]).toEqual([[], []]);
});

/** A full-form resource scaling Deployment shop/web on `active_users` read with the Secret. */
const fullForm = () =>
  fullSpec({
    name: 'web',
    apiVersion: 'apps/v1',
    metric: 'active_users',
    url: `http://127.0.0.1:${port}/stats?api_key=${QUERY}`,
    valuePath: 'data.active_users',
    http: { auth: { headers: [{ name: 'X-Api-Key', secretKeyRef: { name: 'api', key: 'key' } }] } },
  });

function setup(allowedHosts: string) {
  const kube = new FakeKube()
    .addSecret(NS, 'api', { key: SECRET }, { [ALLOWED_HOSTS_ANNOTATION]: allowedHosts })
    .addWorkload('Deployment', 'shop', 'web', 3)
    .addScaling('web', fullForm());
  const { lines, log } = collectLines();
  const deps: RunDeps = {
    kube,
    settings,
    log,
    fetchBody: (url, opts) => fetchBody(url, opts, client),
  };
  return { kube, lines, deps };
}

function expectNoLeak(published: unknown): void {
  const text = JSON.stringify(published);
  for (const leak of LEAKS) expect(text).not.toContain(leak);
}

it('a Secret echoed in a failing body, then a value: nothing leaks into report, status, events or logs', async () => {
  const { kube, lines, deps } = setup('metrics.example.com, 127.0.0.1');
  failuresLeft = 1;
  const failed = await reconcileAll(deps);
  expect(failed.resources[0]).toMatchObject({ action: 'held', reason: 'FailedGetMetric' });
  expect(failed.resources[0]?.message).toContain(`127.0.0.1:${port}/stats: HTTP 500`);

  const scaled = await reconcileAll(deps);
  // ceil(900 / 100) = 9, capped at max(2 × 3, 4) = 6 (no behavior: the HPA's legacy path)
  expect(scaled.resources[0]).toMatchObject({ action: 'scaled', desiredReplicas: 6 });
  expect(kube.replicas('Deployment', 'shop', 'web')).toBe(6);
  expect(seen).toEqual({ requests: 2, withKey: 2 }); // the Secret was really sent, both times

  const statusWrites = kube.writes.filter((w) => w.op === 'patchStatus');
  expect(statusWrites.length).toBeGreaterThanOrEqual(2);
  expect(kube.events('web').length).toBeGreaterThanOrEqual(2); // the failure and the rescale
  expectNoLeak({
    failed,
    scaled,
    writes: kube.writes,
    status: kube.scalings.get('web')?.status,
    lines,
  });
});

it('a Secret not bound to the host: InvalidSpec, the Secret never sent', async () => {
  const { kube, lines, deps } = setup('metrics.example.com');
  const report = await reconcileAll(deps);
  // the report and the log line say what Ready and the event say
  expect(report.resources[0]).toMatchObject({
    action: 'held',
    currentReplicas: 3,
    reason: 'InvalidSpec',
  });
  expect(report.resources[0]?.message).toContain(
    `secret ${NS}/api may not be sent to 127.0.0.1 (${ALLOWED_HOSTS_ANNOTATION})`,
  );
  const ready = kube.scalings.get('web')?.status?.conditions?.find((c) => c.type === 'Ready');
  expect(ready).toMatchObject({ status: 'False', reason: 'InvalidSpec' }); // the spec's fault
  expect(kube.events('web')).toEqual([
    expect.objectContaining({ type: 'Warning', reason: 'InvalidSpec' }),
  ]);
  expect(ready?.message).toContain(`secret ${NS}/api may not be sent to 127.0.0.1`);
  expect(kube.replicas('Deployment', 'shop', 'web')).toBe(3);
  expect(seen).toEqual({ requests: 0, withKey: 0 });
  expectNoLeak({ report, writes: kube.writes, lines });
});

it('oauth2: the client secret echoed by the token endpoint, the token by the metric endpoint: nothing leaks', async () => {
  const { kube, lines, deps } = setup('127.0.0.1');
  kube.addSecret(
    NS,
    'oauth',
    { secret: CLIENT_SECRET },
    { [ALLOWED_HOSTS_ANNOTATION]: '127.0.0.2,127.0.0.1' }, // token host and metric host
  );
  const spec = fullForm();
  const metric = spec.metrics[0]!;
  const oauth2 = {
    tokenUrl: `http://127.0.0.2:${tokenPort}/token?tenant=${QUERY}`,
    clientId: 'shop',
    clientSecretRef: { name: 'oauth', key: 'secret' },
  };
  const http2 = { ...metric.http, auth: { oauth2 } };
  kube.addScaling('web', { ...spec, metrics: [{ ...metric, http: http2 }] });
  const run = (d: RunDeps) => reconcileAll({ ...d, oauth2Tokens: cache });
  const cache = createTokenCache();
  tokenFailuresLeft = 1;
  const tokenFailed = await run(deps);
  expect(tokenFailed.resources[0]?.message).toContain(`127.0.0.2:${tokenPort}/token: HTTP 500`);
  failuresLeft = 1;
  const metricFailed = await run(deps);
  expect(metricFailed.resources[0]).toMatchObject({ action: 'held', reason: 'FailedGetMetric' });
  const scaled = await run(deps);
  // ceil(900 / 100) = 9, capped at max(2 × 3, 4) = 6 (no behavior: the HPA's legacy path)
  expect(scaled.resources[0]).toMatchObject({ action: 'scaled', desiredReplicas: 6 });
  expectNoLeak({
    tokenFailed,
    metricFailed,
    scaled,
    writes: kube.writes,
    status: kube.scalings.get('web')?.status,
    lines,
  });
});
