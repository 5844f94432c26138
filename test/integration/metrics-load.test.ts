/**
 * One dead metric host must not slow the rest of a run beyond its own timeout: a run over 40
 * resources on a host that never answers and 40 on a host that answers at once, with real HTTP
 * servers on 127.0.0.1, the real guarded fetch and the in-memory KubePort. Counts and order of
 * events only — never wall-clock time. Nothing outside 127.0.0.0/8 may be dialled (tripwires).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseSettings } from '../../lib/config.js';
import { createHttpClient, destroyHttpClient, fetchBody } from '../../lib/metrics/fetch.js';
import { reconcileAll } from '../../lib/reconcile/run.js';
import { FakeKube } from '../support/fakeKube.js';
import { collectLines } from '../support/builders/runs.js';
import { installTripwire, loopbackDial, type Tripwire } from '../support/tripwire.js';

const N = 40;
const PER_HOST = 4;
const GLOBAL = 8;
const FAILURE_LIMIT = 3;
const TIMEOUT_MS = 2000;

/** The dead host: accepts, never answers; counts requests and how many have ended (aborted). */
const dead = { hits: 0, ended: 0 };
const deadServer = http.createServer((_req, res) => {
  dead.hits += 1;
  res.on('close', () => (dead.ended += 1));
});
/** The live host: answers at once; notes how many dead requests had ended when each arrived. */
const endedAtLiveHits: number[] = [];
const liveServer = http.createServer((_req, res) => {
  endedAtLiveHits.push(dead.ended);
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"active_users":450}');
});

const refused: string[] = [];
let tripwire: Tripwire;
const settings = parseSettings({
  METRIC_ALLOWED_NETWORKS: '127.0.0.0/8',
  METRIC_TIMEOUT_MS: String(TIMEOUT_MS),
  METRIC_CONCURRENCY: String(GLOBAL),
  METRIC_CONCURRENCY_PER_HOST: String(PER_HOST),
  METRIC_HOST_FAILURE_LIMIT: String(FAILURE_LIMIT),
});
const client = createHttpClient(64, {
  policy: settings.metricNetwork,
  dial: loopbackDial(refused),
});
const ports = { dead: 0, live: 0 };

const listen = async (server: http.Server) => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
};

beforeAll(async () => {
  tripwire = installTripwire();
  ports.dead = await listen(deadServer);
  ports.live = await listen(liveServer);
});

afterAll(async () => {
  tripwire.uninstall();
  destroyHttpClient(client);
  for (const server of [deadServer, liveServer]) {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
});

const original = (name: string, url: string) => ({
  targetDeployment: name,
  metricSource: url,
  scaleThresholds: { minUsers: 100, maxUsers: 1000, minReplicas: 2, maxReplicas: 10 },
});

it('a dead host costs one timeout: live resources all scale, the dead host gets a bounded number of requests', async () => {
  const kube = new FakeKube();
  // dead ones first, so that without a per-host limit they would take every global slot
  for (let i = 0; i < N; i += 1) {
    const url = `http://127.0.0.1:${ports.dead}/users/${i}?api_key=s3cr3t-query`;
    kube
      .addWorkload('Deployment', 'default', `dead-${i}`, 3)
      .addScaling(`dead-${i}`, original(`dead-${i}`, url));
  }
  for (let i = 0; i < N; i += 1) {
    const url = `http://127.0.0.1:${ports.live}/users/${i}`;
    kube
      .addWorkload('Deployment', 'default', `live-${i}`, 3)
      .addScaling(`live-${i}`, original(`live-${i}`, url));
  }
  const { lines, log } = collectLines();
  const report = await reconcileAll({
    kube,
    settings,
    log,
    fetchBody: (url, opts) => fetchBody(url, opts, client),
  });

  // every live resource read its metric and scaled: trunc((450-100)/900*8+2) = 5
  const live = report.resources.filter((r) => r.name.startsWith('live-'));
  expect(live).toHaveLength(N);
  expect(live.every((r) => r.action === 'scaled' && r.desiredReplicas === 5)).toBe(true);
  // ... each before any request to the dead host had ended: none waited for its timeout
  expect(endedAtLiveHits).toEqual(Array.from({ length: N }, () => 0));

  // the dead host: PER_HOST requests start together (it is not suspect yet) and all time out;
  // from the first timeout on, those still in flight are presumed to fail, so nothing else is
  // sent before the third failure opens the breaker: max(PER_HOST, FAILURE_LIMIT) = 4 requests
  expect(dead.hits).toBe(Math.max(PER_HOST, FAILURE_LIMIT));
  const deadReports = report.resources.filter((r) => r.name.startsWith('dead-'));
  expect(deadReports.every((r) => r.action === 'held' && r.reason === 'FailedGetMetric')).toBe(
    true,
  );
  const skipped = deadReports.filter((r) =>
    r.message.includes(
      '/users/' + r.name.slice(5) + ': skipped: host failed 3 times in a row this run)',
    ),
  );
  const timedOut = deadReports.filter((r) =>
    r.message.includes(`timed out after ${TIMEOUT_MS} ms`),
  );
  expect([timedOut.length, skipped.length]).toEqual([dead.hits, N - dead.hits]);
  expect(kube.replicas('Deployment', 'default', 'dead-0')).toBe(3); // held

  expect(JSON.stringify([report, lines, kube.writes])).not.toContain('s3cr3t-query');
  expect([refused, tripwire.stopped]).toEqual([[], []]);
});
