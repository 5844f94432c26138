/** fromServiceEndpoints: URLs per endpoint, k/n aggregation, the v1 → v1beta1 lister, the spec. */
import { parseSettings } from '../../lib/config.js';
import { createEndpointSliceLister, type ListSlices } from '../../lib/kube/endpointSlices.js';
import { KubeApiError, type EndpointSliceData } from '../../lib/kube/port.js';
import {
  aggregateEndpoints,
  endpointUrls,
  MAX_ENDPOINTS,
  readFromEndpoints,
} from '../../lib/metrics/endpoints.js';
import type { MetricResult } from '../../lib/metrics/types.js';
import { reconcileAll } from '../../lib/reconcile/run.js';
import { parseScaling } from '../../lib/spec/parse.js';
import type { HttpMetricSource, ServiceEndpoints } from '../../lib/spec/types.js';
import { FakeKube } from '../support/fakeKube.js';
import { FULL, expectSpec, type Json } from '../support/specFixtures.js';

const TEMPLATE = 'http://worker.shop.svc:8080/stats?x=1';
const v4 = (...endpoints: [string, boolean][]): EndpointSliceData => ({
  addressType: 'IPv4',
  ports: [{ name: 'm', port: 9090 }],
  endpoints: endpoints.map(([ip, ready]) => ({ addresses: [ip], ready })),
});

describe('endpointUrls', () => {
  it.each<[string, EndpointSliceData[], string[]]>([
    [
      'ready IPv4 endpoints, sorted, path and query kept, port replaced',
      [v4(['10.0.0.2', true], ['10.0.0.1', true])],
      ['http://10.0.0.1:9100/stats?x=1', 'http://10.0.0.2:9100/stats?x=1'],
    ],
    [
      'not ready skipped',
      [v4(['10.0.0.1', true], ['10.0.0.9', false])],
      ['http://10.0.0.1:9100/stats?x=1'],
    ],
    [
      'the same address in two slices once',
      [v4(['10.0.0.1', true]), v4(['10.0.0.1', true])],
      ['http://10.0.0.1:9100/stats?x=1'],
    ],
    [
      'IPv6 in brackets',
      [{ addressType: 'IPv6', ports: [], endpoints: [{ addresses: ['fd00::1'], ready: true }] }],
      ['http://[fd00::1]:9100/stats?x=1'],
    ],
    [
      'FQDN slices skipped',
      [{ addressType: 'FQDN', ports: [], endpoints: [{ addresses: ['a.example'], ready: true }] }],
      [],
    ],
  ])('%s', (_, slices, urls) => {
    expect(endpointUrls(slices, TEMPLATE, 9100)).toEqual(urls);
  });
});

const E: ServiceEndpoints = { service: 'worker', namespace: 'shop', port: 9100, aggregate: 'sum' };
const ok = (value: number): MetricResult => ({ ok: true, value });
const FAIL: MetricResult = { ok: false, kind: 'http', message: '10.0.0.3:9100/stats: HTTP 500' };

describe('aggregateEndpoints', () => {
  it.each<[string, MetricResult[], ServiceEndpoints['aggregate'], MetricResult]>([
    [
      'all answer: sum',
      [ok(1), ok(2), ok(3)],
      'sum',
      { ok: true, value: 6, note: '3/3 endpoints' },
    ],
    [
      'one fails: the others count',
      [ok(4), FAIL, ok(2)],
      'sum',
      { ok: true, value: 6, note: '2/3 endpoints' },
    ],
    [
      'avg over those that answered',
      [ok(4), FAIL, ok(2)],
      'avg',
      { ok: true, value: 3, note: '2/3 endpoints' },
    ],
    ['min', [ok(4), ok(2)], 'min', { ok: true, value: 2, note: '2/2 endpoints' }],
    [
      'none answers: the first failure',
      [FAIL, FAIL],
      'max',
      {
        ok: false,
        kind: 'http',
        message: `w: 0/2 endpoints answered; first: ${FAIL.ok ? '' : FAIL.message}`,
      },
    ],
  ])('%s', (_, results, aggregate, expected) => {
    expect(aggregateEndpoints(results, { ...E, aggregate }, 'w')).toEqual(expected);
  });
});

describe('readFromEndpoints', () => {
  const source = { url: TEMPLATE, valuePath: 'v', fromServiceEndpoints: E } as HttpMetricSource & {
    fromServiceEndpoints: ServiceEndpoints;
  };
  const read = (kube: FakeKube, namespaces = ['shop']) =>
    readFromEndpoints(
      source,
      { list: (ns, svc) => kube.listEndpointSlices(ns, svc), namespaces },
      (url) => Promise.resolve(url.includes('10.0.0.3') ? FAIL : ok(1)),
    );

  it.each<[string, FakeKube, string[], Partial<MetricResult>]>([
    [
      'not in ENDPOINTS_NAMESPACES',
      new FakeKube().addEndpointSlice('shop', 'worker', v4(['10.0.0.1', true])),
      [],
      {
        ok: false,
        kind: 'auth',
        message: 'endpoints of shop/worker: namespace shop is not in ENDPOINTS_NAMESPACES',
      },
    ],
    [
      'no slices',
      new FakeKube(),
      ['shop'],
      { ok: false, message: 'endpoints of shop/worker: no ready endpoints' },
    ],
    [
      'too many endpoints',
      new FakeKube().addEndpointSlice(
        'shop',
        'worker',
        v4(
          ...Array.from({ length: MAX_ENDPOINTS + 1 }, (_, i): [string, boolean] => [
            `10.1.0.${i}`,
            true,
          ]),
        ),
      ),
      ['shop'],
      {
        ok: false,
        message: `endpoints of shop/worker: ${MAX_ENDPOINTS + 1} ready endpoints, more than 64`,
      },
    ],
    [
      'k/n',
      new FakeKube().addEndpointSlice('shop', 'worker', v4(['10.0.0.1', true], ['10.0.0.3', true])),
      ['shop'],
      { ok: true, value: 1, note: '1/2 endpoints' },
    ],
  ])('%s', async (_, kube, namespaces, expected) => {
    expect(await read(kube, namespaces)).toMatchObject(expected);
  });

  it('a failed list names the request, not a body', async () => {
    const kube = new FakeKube();
    kube.failNext('listEndpointSlices', 403);
    expect(await read(kube)).toEqual({
      ok: false,
      kind: 'http',
      message: 'endpoints of shop/worker: listEndpointSlices shop/worker: 403',
    });
  });
});

describe('the EndpointSlice lister', () => {
  const served = (versions: string[]) => {
    const asked: string[] = [];
    const list: ListSlices = (version) => {
      asked.push(version);
      if (!versions.includes(version))
        return Promise.reject(new KubeApiError(404, 'x: 404 NotFound'));
      return Promise.resolve({
        items: [{ addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'] }] }],
      });
    };
    return { list, asked };
  };

  it.each<[string, string[], string[]]>([
    ['v1 served (1.21+)', ['v1', 'v1beta1'], ['v1', 'v1']],
    [
      'only v1beta1 (1.20): falls back once, then remembers',
      ['v1beta1'],
      ['v1', 'v1beta1', 'v1beta1'],
    ],
  ])('%s', async (_, versions, asked) => {
    const s = served(versions);
    const lister = createEndpointSliceLister(s.list);
    const slices = await lister('shop', 'worker');
    await lister('shop', 'worker');
    expect(slices).toEqual([
      { addressType: 'IPv4', ports: [], endpoints: [{ addresses: ['10.0.0.1'], ready: true }] },
    ]);
    expect(s.asked).toEqual(asked);
  });

  it('a cold process: calls started together all fall back (issue 22 case 12)', async () => {
    // v1's 404 for the first call arrives after the second call found v1beta1.
    const asked: string[] = [];
    let release404: () => void = () => undefined;
    const late404 = new Promise<void>((r) => (release404 = r));
    const list: ListSlices = async (version) => {
      asked.push(version);
      if (version === 'v1beta1') return { items: [] };
      if (asked.filter((v) => v === 'v1').length === 1) await late404;
      throw new KubeApiError(404, 'x: 404 NotFound');
    };
    const lister = createEndpointSliceLister(list);
    const first = lister('shop', 'a');
    const second = await lister('shop', 'b');
    release404();
    expect([await first, second]).toEqual([[], []]);
    expect(asked).toEqual(['v1', 'v1', 'v1beta1', 'v1beta1']);
  });

  it('neither served: the 404 of v1beta1', async () => {
    await expect(
      createEndpointSliceLister(served([]).list)('shop', 'worker'),
    ).rejects.toMatchObject({ status: 404 });
  });
});

const withEndpoints = (fromServiceEndpoints: Json): Json => ({
  ...FULL,
  metrics: [
    {
      name: 'queue',
      http: {
        url: 'http://worker.shop.svc:9100/stats',
        valuePath: 'queue.length',
        fromServiceEndpoints,
      },
      target: { type: 'AverageValue', averageValue: 10 },
    },
  ],
});

describe('fromServiceEndpoints in the spec', () => {
  it('parses', () => {
    const spec = expectSpec(
      parseScaling(
        withEndpoints({ service: 'worker', namespace: 'shop', port: 9100, aggregate: 'sum' }),
      ),
    );
    expect(spec.metrics[0]?.http?.fromServiceEndpoints).toEqual({
      service: 'worker',
      namespace: 'shop',
      port: 9100,
      aggregate: 'sum',
    });
  });

  it.each<[string, Json, string]>([
    [
      'port 0',
      { service: 'worker', namespace: 'shop', port: 0, aggregate: 'sum' },
      'fromServiceEndpoints.port',
    ],
    [
      'no aggregate',
      { service: 'worker', namespace: 'shop', port: 1 },
      'fromServiceEndpoints.aggregate',
    ],
    [
      'bad service name',
      { service: '9-x', namespace: 'shop', port: 1, aggregate: 'sum' },
      'fromServiceEndpoints.service',
    ],
  ])('%s', (_, e, field) => {
    const r = parseScaling(withEndpoints(e));
    expect(r.ok ? [] : r.errors.map((x) => x.field)).toContain(`spec.metrics[0].http.${field}`);
  });
});

describe('through a run: status says k/n endpoints', () => {
  it('writes the note beside the value, and ENDPOINTS_NAMESPACES comes from the settings', async () => {
    const kube = new FakeKube()
      .addWorkload('Deployment', 'shop', 'shop-frontend', 3)
      .addEndpointSlice('shop', 'worker', v4(['10.0.0.1', true], ['10.0.0.3', true]))
      .addScaling(
        'web',
        withEndpoints({ service: 'worker', namespace: 'shop', port: 9100, aggregate: 'sum' }),
      );
    const run = (namespaces: string) =>
      reconcileAll({
        kube,
        settings: parseSettings({ ENDPOINTS_NAMESPACES: namespaces }),
        log: { info: () => undefined, warn: () => undefined },
        fetchBody: (url) =>
          Promise.resolve(
            url.includes('10.0.0.3')
              ? { ok: false, kind: 'timeout', message: '10.0.0.3:9100/stats: timed out' }
              : { ok: true, body: { queue: { length: 30 } } },
          ),
      });
    expect((await run('other')).resources[0]).toMatchObject({ reason: 'InvalidSpec' });
    await run('shop');
    expect(kube.scalings.get('web')?.status?.currentMetrics).toEqual([
      { name: 'queue', value: 30, note: '1/2 endpoints' },
    ]);
  });
});
