/**
 * http.fromServiceEndpoints on the real kube-apiserver (v1.20: discovery.k8s.io/v1beta1 only, so
 * the port's v1 → v1beta1 fallback is exercised): EndpointSlices of a Service point at loopback
 * servers, one endpoint answers 500, one is not ready. The values of the others are aggregated
 * and the metric says `k/n endpoints`. The real port and the real guarded fetch; loopback only.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createKubePort, loadKubeConfig } from '../../lib/kube/client.js';
import type { KubePort } from '../../lib/kube/port.js';
import { MetricReader } from '../../lib/metrics/reader.js';
import { createPolicy, STRICT_POLICY } from '../../lib/net/policy.js';
import type { HttpMetricSource } from '../../lib/spec/types.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseScaling } from '../../lib/spec/parse.js';
import {
  admin,
  applyYamlFile,
  createNamespace,
  createScaling,
  getScaling,
} from '../../tools/admin.js';
import { describeIfCluster, useControlPlane } from '../harness/controlPlane.js';
import { installTripwire, type Tripwire } from '../support/tripwire.js';

const NS = 'shop';
/** address → queue length it reports; 127.0.0.3 answers 500. */
const VALUES: Record<string, number> = { '127.0.0.1': 5, '127.0.0.2': 7 };
const servers: http.Server[] = [];
const hits: string[] = [];
let port = 0;

function serve(address: string): Promise<void> {
  const server = http.createServer((req, res) => {
    hits.push(`${address}${req.url ?? ''}`);
    const v = VALUES[address];
    if (v === undefined) return void res.writeHead(500).end('secret-body');
    res.end(JSON.stringify({ queue: { length: v } }));
  });
  servers.push(server);
  return new Promise((done) => server.listen(port, address, done));
}

const slice = (name: string, endpoints: { ip: string; ready: boolean }[]) => ({
  apiVersion: 'discovery.k8s.io/v1beta1',
  kind: 'EndpointSlice',
  metadata: { name, namespace: NS, labels: { 'kubernetes.io/service-name': 'worker' } },
  addressType: 'IPv4',
  ports: [{ name: 'metrics', port: 0, protocol: 'TCP' }],
  endpoints: endpoints.map((e) => ({ addresses: [e.ip], conditions: { ready: e.ready } })),
});

const source = (aggregate: 'sum' | 'max'): HttpMetricSource => ({
  url: 'http://worker.shop.svc:9999/stats?verbose=1',
  valuePath: 'queue.length',
  fromServiceEndpoints: { service: 'worker', namespace: NS, port, aggregate },
});

describeIfCluster('fromServiceEndpoints on a real API server', () => {
  const cp = useControlPlane();
  let kube: KubePort;
  let tripwire: Tripwire;

  beforeAll(async () => {
    tripwire = installTripwire();
    const first = http.createServer();
    await new Promise<void>((done) => first.listen(0, '127.0.0.1', done));
    port = (first.address() as AddressInfo).port;
    await new Promise((done) => first.close(done));
    for (const a of ['127.0.0.1', '127.0.0.2', '127.0.0.3']) await serve(a);
    await createNamespace(cp(), NS);
    const objects = admin(cp()).objects;
    const ports = [{ name: 'metrics', port, protocol: 'TCP' }];
    await objects.create({
      ...slice('worker-a', [
        { ip: '127.0.0.1', ready: true },
        { ip: '127.0.0.3', ready: true },
      ]),
      ports,
    });
    await objects.create({
      ...slice('worker-b', [
        { ip: '127.0.0.2', ready: true },
        { ip: '127.0.0.4', ready: false },
      ]),
      ports,
    });
    kube = createKubePort(loadKubeConfig({ kubeconfig: cp().kubeconfig('admin') }));
  }, 60_000);

  afterAll(async () => {
    tripwire.uninstall();
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((done) => s.close(done));
    }
  });

  beforeEach(() => (hits.length = 0));
  afterEach(() => expect(tripwire.stopped.splice(0)).toEqual([]));

  const reader = (namespaces: string[], network = createPolicy('127.0.0.0/8')) =>
    new MetricReader({
      timeoutMs: 3000,
      maxBytes: 1 << 16,
      concurrency: 4,
      network,
      endpoints: { list: (ns, svc) => kube.listEndpointSlices(ns, svc), namespaces },
    });

  it('lists the slices through v1beta1 (v1 is not served on 1.20)', async () => {
    const slices = await kube.listEndpointSlices(NS, 'worker');
    expect(slices.flatMap((s) => s.endpoints)).toEqual(
      expect.arrayContaining([
        { addresses: ['127.0.0.1'], ready: true },
        { addresses: ['127.0.0.4'], ready: false },
      ]),
    );
  });

  it.each<['sum' | 'max', number]>([
    ['sum', 12], // 5 + 7; 127.0.0.3 failed, 127.0.0.4 not ready
    ['max', 7],
  ])('%s over the endpoints that answered, k/n reported', async (aggregate, value) => {
    const r = await reader([NS]).read(source(aggregate));
    expect(r).toEqual({ ok: true, value, note: '2/3 endpoints' });
    // same path and query on every ready endpoint, the given port, never the URL's host
    expect(hits.sort()).toEqual([
      '127.0.0.1/stats?verbose=1',
      '127.0.0.2/stats?verbose=1',
      '127.0.0.3/stats?verbose=1',
    ]);
  });

  it('the API server keeps formula, oauth2, xml and fromServiceEndpoints (CRD schema, no pruning)', async () => {
    await applyYamlFile(cp(), path.resolve('crds/businessscalings.example.com.yaml'));
    const sample = parseYaml(readFileSync(path.resolve('crds/samples/from-keda.yaml'), 'utf8')) as {
      metadata: { name: string };
      spec: unknown;
    };
    await createScaling(cp(), sample);
    const stored = await getScaling(cp(), sample.metadata.name);
    expect(stored.spec).toMatchObject(sample.spec as object); // + server defaults (apiVersion)
    expect(parseScaling(stored.spec)).toMatchObject({ ok: true });
  });

  it('a namespace not in ENDPOINTS_NAMESPACES is never listed', async () => {
    const r = await reader(['other']).read(source('sum'));
    expect(r).toEqual({
      ok: false,
      kind: 'auth',
      message: `endpoints of ${NS}/worker: namespace ${NS} is not in ENDPOINTS_NAMESPACES`,
    });
    expect(hits).toEqual([]);
  });

  it('pod IPs go through the network guard: refused without METRIC_ALLOWED_NETWORKS', async () => {
    const r = await reader([NS], STRICT_POLICY).read(source('sum'));
    expect(r).toMatchObject({ ok: false, kind: 'blocked' });
    expect(r.ok ? '' : r.message).toMatch(
      /^endpoints of shop\/worker: 0\/3 endpoints answered; first: 127\.0\.0\.\d:\d+\/stats: blocked: loopback address \(METRIC_ALLOWED_NETWORKS=127\.0\.0\.0\/8 would allow it\)$/,
    );
    expect(hits).toEqual([]);
  });
});
