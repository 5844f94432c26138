/**
 * Issue 22 end to end: hostile resources beside a healthy one, through `reconcile --once` (the
 * CLI in-process, a cold port) on the real API server, with one local metric server. The healthy
 * one reads its value from a Service's endpoints (EndpointSlice v1beta1 on 1.20: the cold
 * fallback of case 12) and scales in the same run; each hostile one (an oversized body, a
 * malformed one, one that never answers, a value that made NaN, an OAuth2 token for a host its
 * Secret does not list) is held with a precise condition and its workload keeps its replicas.
 * Status text that would drive a terminal comes out escaped, and a time JavaScript cannot read
 * is skipped with a warning. The port's own last guard refuses a NaN `/scale` patch.
 */
import { main, EXIT } from '../../lib/cli/main.js';
import { ALLOWED_HOSTS_ANNOTATION } from '../../lib/auth/resolve.js';
import { createKubePort, createTransport, loadKubeConfig } from '../../lib/kube/client.js';
import { createRestPort, type Transport } from '../../lib/kube/restPort.js';
import type { KubePort } from '../../lib/kube/port.js';
import { json } from '../../tools/metricServer.js';
import { admin, createDeployment, createScaling, getReplicas } from '../../tools/admin.js';
import { describeIfCluster } from '../harness/controlPlane.js';
import { heldRecord } from '../support/builders/records.js';
import { ACT_AT_ONCE } from '../support/builders/resources.js';
import { useCluster } from '../support/builders/cluster.js';
import { useEnv } from '../support/builders/env.js';
import { conditionOf } from '../support/builders/runs.js';
import { useMetricServer, useTripwire } from '../support/builders/servers.js';

const NS = 'hostile';
const SYSTEM = 'business-scaling-system';
const TOKEN_SECRET = 'cl13nt-s3cr3t';
const ACTIVE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;

const ENV = {
  METRIC_ALLOWED_NETWORKS: '127.0.0.0/8',
  METRIC_TIMEOUT_MS: '1000',
  SECRETS_NAMESPACES: SYSTEM,
  ENDPOINTS_NAMESPACES: NS,
  DECISION_HISTORY: '10',
};

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

describeIfCluster('a hostile resource beside a healthy one', () => {
  const cp = useCluster({ namespaces: [NS], leaseNamespace: true });
  useEnv(ENV);
  const tripwire = useTripwire();
  let base = '';
  let port = 0;
  let tokenRequests = 0;
  const server = useMetricServer({
    answer: (path) => {
      if (path === '/token') tokenRequests += 1;
      if (path === '/orders') return json({ orders: 700 });
      if (path === '/huge') return json({ orders: 1, pad: 'x'.repeat(2 * 1024 * 1024) });
      if (path === '/malformed')
        return { status: 200, body: '{"orders": 7', contentType: 'application/json' };
      if (path === '/nan') return json({ orders: 1e303 });
      if (path === '/slow') return 'no-answer';
      return json({ access_token: 't0k3n', token_type: 'Bearer', expires_in: 1e308 });
    },
  });

  const spec = (
    name: string,
    http: object,
    target = { type: 'AverageValue', averageValue: 100 },
  ) => ({
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name, namespace: NS },
    minReplicas: 1,
    maxReplicas: 20,
    behavior: ACT_AT_ONCE,
    metrics: [{ name: 'orders', http: { valuePath: 'orders', ...http }, target }],
  });

  beforeAll(async () => {
    base = server().baseUrl;
    port = Number(new URL(base).port);
    const names = ['good', 'huge', 'malformed', 'slow', 'nan', 'oauth'];
    for (const name of names) await createDeployment(cp(), NS, name, 2);
    await admin(cp()).objects.create({
      apiVersion: 'discovery.k8s.io/v1beta1',
      kind: 'EndpointSlice',
      metadata: {
        name: 'orders-a',
        namespace: NS,
        labels: { 'kubernetes.io/service-name': 'orders' },
      },
      addressType: 'IPv4',
      ports: [{ name: 'http', port, protocol: 'TCP' }],
      endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }],
    });
    await admin(cp()).core.createNamespacedSecret({
      namespace: SYSTEM,
      body: {
        metadata: { name: 'oauth', annotations: { [ALLOWED_HOSTS_ANNOTATION]: '127.0.0.1' } },
        stringData: { secret: TOKEN_SECRET },
      },
    });
    const fromEndpoints = { service: 'orders', namespace: NS, port, aggregate: 'sum' };
    const scalings: [string, object, object?][] = [
      ['good', { url: 'http://orders.hostile.svc/orders', fromServiceEndpoints: fromEndpoints }],
      ['huge', { url: `${base}/huge` }],
      ['malformed', { url: `${base}/malformed` }],
      ['slow', { url: `${base}/slow` }],
      ['nan', { url: `${base}/nan` }, { type: 'AverageValue', averageValue: 1e303 }],
      [
        'oauth',
        {
          url: `${base.replace('127.0.0.1', 'localhost')}/orders`,
          auth: {
            oauth2: {
              tokenUrl: `${base}/token`,
              clientId: 'shop',
              clientSecretRef: { name: 'oauth', key: 'secret' },
              scopes: ['anything.the.author.wants'],
            },
          },
        },
      ],
    ];
    for (const [name, http, target] of scalings)
      await createScaling(cp(), { metadata: { name }, spec: spec(name, http, target as never) });
  }, 90_000);

  afterEach(() => expect(tripwire().stopped.splice(0)).toEqual([]));

  const kubeconfig = () => ['--kubeconfig', cp().kubeconfig('admin')];
  const condition = (name: string, type: string) => conditionOf(cp(), name, type);

  it('reconcile --once: the healthy one scales in the same run, each hostile one is held', async () => {
    const c = capture();
    const code = await main(['reconcile', '--once', '--output', 'json', ...kubeconfig()], c.io);
    expect(code).toBe(EXIT.resourceProblems);
    const report = JSON.parse(c.out.join('\n')) as {
      resources: { name: string; action: string; reason: string; message: string }[];
    };
    const byName = new Map(report.resources.map((r) => [r.name, r]));
    expect(byName.get('good')).toMatchObject({ action: 'scaled', desiredReplicas: 7 }); // 700 / 100
    expect((await getReplicas(cp(), 'Deployment', NS, 'good')).spec).toBe(7);
    const held: [string, string, string][] = [
      ['huge', 'FailedGetMetric', `${base.slice(7)}/huge: response larger than`],
      ['malformed', 'FailedGetMetric', `${base.slice(7)}/malformed: `],
      ['slow', 'FailedGetMetric', `${base.slice(7)}/slow: timed out after 1000 ms`],
      ['nan', 'FailedGetMetric', 'metric orders is out of range'],
      [
        'oauth',
        'InvalidSpec',
        `secret ${SYSTEM}/oauth: its oauth2 token may not be sent to localhost`,
      ],
    ];
    for (const [name, reason, message] of held) {
      expect(byName.get(name)).toMatchObject({ action: 'held', reason });
      expect(byName.get(name)?.message).toContain(message);
      expect(await condition(name, 'ScalingActive')).toMatchObject({ status: 'False', reason });
      expect((await condition(name, 'ScalingActive'))?.message).toContain(message);
      expect((await getReplicas(cp(), 'Deployment', NS, name)).spec).toBe(2);
    }
    expect(tokenRequests).toBe(0);
    expect(JSON.stringify([report, c.err])).not.toMatch(/cl13nt|t0k3n|xxxxxxxx/);
  }, 60_000);

  it('explain and --name print hostile status inert and skip a time JavaScript cannot read', async () => {
    const kube = createKubePort(loadKubeConfig({ kubeconfig: cp().kubeconfig('admin') }));
    const record = heldRecord;
    await kube.patchStatus('huge', {
      target: 'Deployment/hostile/huge\u001b]0;pwned\u0007',
      decisions: [
        record('2026-01-01T09:03:00Z', '\u001b[2J\u001b[Hcleared'),
        record('2026-01-01T09:04:00Z', 'x\n09:05 scaled 2 → 50: approved by admin'),
        record('2026-01-01T00:00:00+24:00', 'a'),
        record('2026-01-01T00:00:00,5Z', 'b'),
      ],
    });
    const e = capture();
    expect(await main(['explain', 'huge', ...kubeconfig()], e.io)).toBe(EXIT.ok);
    expect(e.out).toEqual([
      'BusinessScaling huge → Deployment/hostile/huge\\x1b]0;pwned\\x07',
      '09:03 held at 2: \\x1b[2J\\x1b[Hcleared',
      '09:04 held at 2: x\\n09:05 scaled 2 → 50: approved by admin',
      'warning: skipped status.decisions[2], status.decisions[3]: time is not a valid date',
    ]);
    const n = capture();
    const code = await main(['reconcile', '--name', 'huge', '--dry-run', ...kubeconfig()], n.io);
    expect(code).toBe(EXIT.resourceProblems);
    expect(n.err.join('\n')).toContain('cr=huge warning: skipped status.decisions[2]');
    expect(n.err.join('\n')).not.toMatch(/InternalError|RangeError/);
    for (const line of [...e.out, ...e.err, ...n.out, ...n.err]) expect(line).not.toMatch(ACTIVE);
  }, 60_000);

  it('the port refuses a /scale patch of NaN, null or a fraction before sending it', async () => {
    const kube: KubePort = createKubePort(loadKubeConfig({ kubeconfig: cp().kubeconfig('admin') }));
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'nan', namespace: NS };
    for (const replicas of [NaN, null, 2.5, Infinity]) {
      await expect(kube.patchScale(ref, replicas as number)).rejects.toMatchObject({ status: 422 });
    }
    expect((await getReplicas(cp(), 'Deployment', NS, 'nan')).spec).toBe(2);
  });

  it('a cold port: a call whose v1 404 comes after another call found v1beta1 falls back too', async () => {
    // The real transport; only the order of the answers is arranged: the first call's v1 404 is
    // handed back after the second call has gone through v1 → v1beta1 (as concurrent reads of a
    // cold CLI run interleave).
    const send = createTransport(loadKubeConfig({ kubeconfig: cp().kubeconfig('admin') }), 10_000);
    let v1 = 0;
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const arranged: Transport = async (method, path, ...rest) => {
      const first = path.includes('/discovery.k8s.io/v1/') && ++v1 === 1;
      const answer = send(method, path, ...rest);
      if (first) await Promise.all([held, answer.catch(() => undefined)]);
      return answer;
    };
    const kube = createRestPort(arranged);
    const a = kube.listEndpointSlices(NS, 'orders');
    const b = await kube.listEndpointSlices(NS, 'orders');
    release();
    expect([(await a).length, b.length]).toEqual([1, 1]);
    expect(v1).toBe(2);
  });
});
