/**
 * Which `auth` failures are the spec's fault (Ready=False InvalidSpec) and which a later run may
 * fix (FailedGetMetric). Every message comes from the real resolver through the reader, so a
 * reworded message in lib/auth/resolve.ts shows up here.
 */
import { ALLOWED_HOSTS_ANNOTATION, createAuthResolver } from '../../lib/auth/resolve.js';
import { isSpecBindingFailure } from '../../lib/auth/classify.js';
import { MetricReader } from '../../lib/metrics/reader.js';
import type { MetricAuth } from '../../lib/spec/types.js';
import { FakeKube } from '../support/fakeKube.js';

const NS = 'business-scaling-system';
const SCOPE = 'https://prometheus.monitor.azure.com/.default';
const BOUND = { [ALLOWED_HOSTS_ANNOTATION]: 'm.example' };
const header = (name: string, key = 'key'): MetricAuth => ({
  headers: [{ name: 'X-Api-Key', secretKeyRef: { name, key } }],
});

async function failureOf(
  auth: MetricAuth,
  opts: { url?: string; failSecret?: number; noKube?: boolean; noToken?: boolean } = {},
) {
  const kube = new FakeKube()
    .addSecret(NS, 'api', { key: 'v' }, BOUND)
    .addSecret(NS, 'tls-half', { 'tls.crt': 'C' }, BOUND);
  if (opts.failSecret) kube.failNext('getSecret', opts.failSecret);
  const resolver = createAuthResolver({
    ...(opts.noKube ? {} : { kube }),
    secretsNamespaces: [NS],
    azureScopes: [SCOPE],
    credential: () =>
      Promise.resolve({
        getToken: () => Promise.resolve(opts.noToken ? null : { token: 't' }),
      }),
  });
  const reader = new MetricReader(
    { timeoutMs: 10, maxBytes: 100, concurrency: 1 },
    () => Promise.resolve({ ok: true, body: { value: 1 } }),
    resolver,
  );
  const result = await reader.read({
    url: opts.url ?? 'https://m.example/q',
    valuePath: 'value',
    auth,
  });
  if (result.ok) throw new Error('expected a failure');
  return result;
}

describe('isSpecBindingFailure', () => {
  it.each(
    (
      [
        // the spec's fault: InvalidSpec
        [
          'a host the Secret is not bound to',
          header('api'),
          { url: 'https://evil.example/q' },
          true,
        ],
        [
          'a namespace outside SECRETS_NAMESPACES',
          {
            headers: [
              { name: 'X-A', secretKeyRef: { name: 'api', key: 'key', namespace: 'team-a' } },
            ],
          },
          {},
          true,
        ],
        ['a missing Secret (404)', header('nope'), {}, true],
        ['a missing key', header('api', 'other'), {}, true],
        ['half a client certificate', { tls: { secretName: 'tls-half' } }, {}, true],
        [
          'a scope not allowed',
          { azure: { scope: 'https://management.azure.com/.default' } },
          {},
          true,
        ],
        ['a token for another host', { azure: { scope: SCOPE } }, {}, true],
        // not the spec's fault: FailedGetMetric, a later run may succeed
        ['a Secret read refused (403, RBAC)', header('api'), { failSecret: 403 }, false],
        ['a Secret read failing (500)', header('api'), { failSecret: 500 }, false],
        ['no Secret access at all', header('api'), { noKube: true }, false],
        [
          'a token outage',
          { azure: { scope: SCOPE } },
          { url: 'https://ws.prometheus.monitor.azure.com/q', noToken: true },
          false,
        ],
      ] as [string, MetricAuth, Parameters<typeof failureOf>[1], boolean][]
    ).map(([name, auth, opts, spec]) => [name, spec, auth, opts] as const),
  )('%s → InvalidSpec: %p', async (_name, spec, auth, opts) => {
    const failure = await failureOf(auth, opts);
    expect(failure.kind).toBe('auth');
    expect(isSpecBindingFailure(failure)).toBe(spec);
  });

  it.each([['timeout'], ['network'], ['http'], ['blocked']] as const)(
    '%s is never the spec',
    (kind) => {
      expect(isSpecBindingFailure({ ok: false, kind, message: 'm/q: x' })).toBe(false);
    },
  );
});
