/**
 * Credential boundaries: Secrets only from SECRETS_NAMESPACES, only to the hosts the Secret
 * names, Azure tokens only for allowed scopes and their hosts; forbidden headers refused by the
 * parser; identical (source, auth) fetched once. A recording fetch stands in for the network.
 */
import { ALLOWED_HOSTS_ANNOTATION, createAuthResolver } from '../../lib/auth/resolve.js';
import { MetricReader } from '../../lib/metrics/reader.js';
import type { MetricFetchOptions } from '../../lib/metrics/types.js';
import { parseScaling } from '../../lib/spec/parse.js';
import type { HttpMetricSource, MetricAuth } from '../../lib/spec/types.js';
import { FakeKube } from '../support/fakeKube.js';

const NS = 'business-scaling-system';
const SECRET_VALUE = 's3cr3t-api-key';
const SCOPE = 'https://prometheus.monitor.azure.com/.default';

function setup() {
  const kube = new FakeKube()
    .addSecret(
      NS,
      'api',
      { key: SECRET_VALUE },
      { [ALLOWED_HOSTS_ANNOTATION]: 'metrics.example.com, Other.example' },
    )
    .addSecret(NS, 'unbound', { key: SECRET_VALUE })
    .addSecret(
      'team-a',
      'api',
      { key: SECRET_VALUE },
      { [ALLOWED_HOSTS_ANNOTATION]: 'metrics.example.com' },
    )
    .addSecret(
      NS,
      'client',
      { 'tls.crt': 'CERT', 'tls.key': 'KEY', 'ca.crt': 'CA' },
      { [ALLOWED_HOSTS_ANNOTATION]: 'metrics.example.com' },
    );
  const sent: { url: string; opts: MetricFetchOptions }[] = [];
  const scopes: string[] = [];
  const auth = createAuthResolver({
    kube,
    secretsNamespaces: [NS],
    azureScopes: [SCOPE],
    credential: () =>
      Promise.resolve({
        getToken: (s: string) => (scopes.push(s), Promise.resolve({ token: 'tok3n' })),
      }),
  });
  const reader = new MetricReader(
    { timeoutMs: 100, maxBytes: 1000, concurrency: 4 },
    (url, opts) => (sent.push({ url, opts }), Promise.resolve({ ok: true, body: { value: 1 } })),
    auth,
  );
  return { kube, sent, scopes, reader };
}

/** `X-Api-Key` from key `key` of Secret `name`. */
const header = (name: string, namespace?: string): MetricAuth => ({
  headers: [
    { name: 'X-Api-Key', secretKeyRef: { name, key: 'key', ...(namespace ? { namespace } : {}) } },
  ],
});
const http = (url: string, auth?: MetricAuth): HttpMetricSource => ({
  url,
  valuePath: 'value',
  ...(auth ? { auth } : {}),
});
const authFail = (where: string, reason: string) => ({
  ok: false,
  kind: 'auth',
  message: `${where}: ${reason}`,
});

describe('Secret-backed headers', () => {
  it('sends the value to a host the Secret names (case-insensitive)', async () => {
    const { reader, sent } = setup();
    expect(await reader.read(http('https://METRICS.example.com/q', header('api')))).toEqual({
      ok: true,
      value: 1,
    });
    expect(sent[0]?.opts.headers).toEqual({ 'X-Api-Key': SECRET_VALUE });
  });

  it.each([
    [
      'another host',
      'https://evil.example/q',
      header('api'),
      'secret business-scaling-system/api may not be sent to evil.example (scaling.example.com/allowed-hosts)',
    ],
    [
      'a subdomain of an allowed host',
      'https://x.metrics.example.com/q',
      header('api'),
      'secret business-scaling-system/api may not be sent to x.metrics.example.com (scaling.example.com/allowed-hosts)',
    ],
    [
      'a Secret without the annotation',
      'https://metrics.example.com/q',
      header('unbound'),
      'secret business-scaling-system/unbound may not be sent to metrics.example.com (scaling.example.com/allowed-hosts)',
    ],
    [
      'a namespace outside SECRETS_NAMESPACES',
      'https://metrics.example.com/q',
      header('api', 'team-a'),
      'secret team-a/api: namespace not in SECRETS_NAMESPACES',
    ],
    [
      'a missing Secret',
      'https://metrics.example.com/q',
      header('nope'),
      'secret business-scaling-system/nope: read HTTP 404',
    ],
  ])('refuses %s, sending nothing', async (_name, url, auth, reason) => {
    const { reader, sent, kube } = setup();
    const result = await reader.read(http(url, auth));
    expect(result).toEqual(authFail(new URL(url).host + '/q', reason));
    expect(sent).toEqual([]);
    expect(JSON.stringify(result)).not.toContain(SECRET_VALUE);
    expect(kube.secretReads.get('team-a/api')).toBeUndefined(); // never even read
  });

  it('reads each Secret once per run and sends identical (source, auth) once', async () => {
    const { reader, sent, kube } = setup();
    const a = http('https://metrics.example.com/q', header('api'));
    const results = await Promise.all([
      reader.read(a),
      reader.read({ ...a, valuePath: 'value' }),
      reader.read(http('https://other.example/q', header('api'))),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(sent.map((s) => s.url)).toEqual([
      'https://metrics.example.com/q',
      'https://other.example/q',
    ]);
    expect(kube.secretReads.get(`${NS}/api`)).toBe(1);
  });

  it('the same URL without auth is a different request (credentials never shared by URL)', async () => {
    const { reader, sent } = setup();
    await reader.read(http('https://metrics.example.com/q', header('api')));
    await reader.read(http('https://metrics.example.com/q'));
    expect(sent.map((s) => s.opts.headers)).toEqual([{ 'X-Api-Key': SECRET_VALUE }, undefined]);
  });
});

describe('client TLS from a Secret', () => {
  it('passes cert, key and CA for a bound host only', async () => {
    const { reader, sent } = setup();
    const tls = { tls: { secretName: 'client' } };
    expect((await reader.read(http('https://metrics.example.com/q', tls))).ok).toBe(true);
    expect(sent[0]?.opts.tls).toEqual({ ca: 'CA', cert: 'CERT', key: 'KEY' });
    expect((await reader.read(http('https://evil.example/q', tls))).ok).toBe(false);
    expect(sent).toHaveLength(1);
  });
});

describe('Entra ID tokens', () => {
  it.each([
    ['https://ws-1.westeurope.prometheus.monitor.azure.com/api/v1/query', SCOPE, true],
    ['https://prometheus.monitor.azure.com/q', SCOPE, true],
    ['http://ws.prometheus.monitor.azure.com/q', SCOPE, false], // not https
    ['https://evil.example/q', SCOPE, false], // not the scope's host
    ['https://prometheus.monitor.azure.com.evil.example/q', SCOPE, false],
    ['https://management.azure.com/subscriptions', 'https://management.azure.com/.default', false], // scope not allowed
  ])('%s with %s → sent: %p', async (url, scope, sentToken) => {
    const { reader, sent, scopes } = setup();
    const result = await reader.read(http(url, { azure: { scope } }));
    expect(result.ok).toBe(sentToken);
    expect(sent.map((s) => s.opts.headers?.Authorization)).toEqual(
      sentToken ? ['Bearer tok3n'] : [],
    );
    expect(scopes).toEqual(sentToken ? [scope] : []);
    expect(JSON.stringify(result)).not.toContain('tok3n');
  });
});

describe('the parser refuses headers a resource may not set', () => {
  const spec = (headers: unknown, auth?: unknown) => ({
    scaleTargetRef: { kind: 'Deployment', name: 'app', namespace: 'default' },
    maxReplicas: 5,
    metrics: [
      {
        name: 'm',
        http: { url: 'https://m.example/q', headers, ...(auth ? { auth } : {}) },
        target: { type: 'Value', value: 1 },
      },
    ],
  });
  it.each([
    ['Host'],
    ['authorization'],
    ['Cookie'],
    ['Metadata'],
    ['X-IDENTITY-HEADER'],
    ['Connection'],
    ['Transfer-Encoding'],
    ['X-Forwarded-For'],
    ['Proxy-Authorization'],
    ['bad header'],
  ])('%s', (name) => {
    const result = parseScaling(spec([{ name, value: 'v' }]));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.field).toBe('spec.metrics[0].http.headers[0].name');
  });

  it('also for Secret-backed headers', () => {
    const result = parseScaling(
      spec(undefined, { headers: [{ name: 'Metadata', secretKeyRef: { name: 'a', key: 'k' } }] }),
    );
    expect(result.ok).toBe(false);
  });

  it('refuses CR/LF in a plain header value', () => {
    expect(parseScaling(spec([{ name: 'X-A', value: 'a\r\nHost: evil' }])).ok).toBe(false);
  });

  it('accepts an ordinary header and a full source', () => {
    const result = parseScaling({
      ...spec([{ name: 'X-Tenant', value: 'eu' }], {
        headers: [{ name: 'X-Api-Key', secretKeyRef: { name: 'api', key: 'key' } }],
        azure: { scope: SCOPE },
      }),
    });
    expect(result.ok && result.spec.metrics[0]?.http?.auth).toEqual({
      headers: [{ name: 'X-Api-Key', secretKeyRef: { name: 'api', key: 'key' } }],
      azure: { scope: SCOPE },
    });
  });
});
