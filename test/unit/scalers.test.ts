/** Listing other autoscalers: wire → ExternalScaler, pagination, KEDA discovery and its cache. */
import { KubeApiError, type ExternalScaler } from '../../lib/kube/port.js';
import {
  cacheServed,
  createScalerLister,
  toExternalScalers,
  type DiscoveryList,
  type ListApi,
} from '../../lib/kube/scalers.js';

describe('toExternalScalers (wire shape)', () => {
  const item = (name: string | undefined, ref: object | undefined, namespace = 'shop') => ({
    metadata: { name, namespace },
    spec: ref && { scaleTargetRef: ref },
  });
  it.each<[string, 'HorizontalPodAutoscaler' | 'ScaledObject', unknown, ExternalScaler[]]>([
    [
      'an HPA',
      'HorizontalPodAutoscaler',
      item('web', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }),
      [
        {
          kind: 'HorizontalPodAutoscaler',
          namespace: 'shop',
          name: 'web',
          target: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        },
      ],
    ],
    [
      'a ScaledObject without kind → Deployment (KEDA default), no apiVersion',
      'ScaledObject',
      item('so', { name: 'web' }),
      [
        {
          kind: 'ScaledObject',
          namespace: 'shop',
          name: 'so',
          target: { kind: 'Deployment', name: 'web' },
        },
      ],
    ],
    ['an HPA without kind is skipped', 'HorizontalPodAutoscaler', item('h', { name: 'web' }), []],
    ['no scaleTargetRef', 'ScaledObject', item('so', undefined), []],
    ['no name', 'ScaledObject', item(undefined, { name: 'web' }), []],
    ['an empty target name', 'ScaledObject', item('so', { name: '' }), []],
    ['null', 'ScaledObject', null, []],
  ])('%s', (_, kind, wire, want) => {
    expect(toExternalScalers(kind, [wire])).toEqual(want);
  });
});

describe('cacheServed', () => {
  it('asks again after the TTL only while the answer is "not served"; failures are not cached', async () => {
    let t = 0;
    const answers: (boolean | Error)[] = [false, new Error('boom'), true];
    let calls = 0;
    const served = cacheServed(
      () => {
        calls++;
        const a = answers.shift();
        return a instanceof Error ? Promise.reject(a) : Promise.resolve(a ?? false);
      },
      1000,
      () => t,
    );
    expect(await served()).toBe(false); // asked (1)
    t = 999;
    expect(await served()).toBe(false); // cached: 999 < 1000
    t = 1000;
    await expect(served()).rejects.toThrow('boom'); // TTL over: asked (2), failed
    expect(await served()).toBe(true); // failure not cached: asked (3)
    t = 10_000_000;
    expect(await served()).toBe(true); // "served" is kept for good
    expect(calls).toBe(3);
  });
});

/** An in-memory API: `hpas` and `scaledObjects` served `pageSize` at a time; a journal of calls. */
function fakeApi(opts: {
  hpas: number;
  scaledObjects?: number;
  pageSize?: number;
  discovery?: () => Promise<DiscoveryList>;
  listKeda?: () => Promise<unknown>;
}) {
  const calls: string[] = [];
  const size = opts.pageSize ?? 500;
  const item = (name: string) => ({
    metadata: { name, namespace: 'shop' },
    spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' } },
  });
  const all = (n: number, prefix: string) =>
    Array.from({ length: n }, (_, i) => item(`${prefix}${i}`));
  const lists = {
    horizontalpodautoscalers: all(opts.hpas, 'h'),
    scaledobjects: all(opts.scaledObjects ?? 0, 's'),
  };
  const listPage = (api: ListApi, cont: string | undefined) => {
    calls.push(`LIST ${api.plural} ${cont ?? '-'}`);
    if (api.plural === 'scaledobjects' && opts.listKeda) return opts.listKeda();
    const items = lists[api.plural as keyof typeof lists];
    const from = Number(cont ?? 0);
    const next = from + size < items.length ? String(from + size) : undefined;
    return Promise.resolve({ items: items.slice(from, from + size), metadata: { continue: next } });
  };
  const discover = (group: string, version: string) => {
    calls.push(`GET ${group}/${version}`);
    if (opts.discovery) return opts.discovery();
    return Promise.reject(new KubeApiError(404, `GET ${group}/${version}: 404 NotFound`));
  };
  return { calls, sources: { listPage, discover } };
}

const served: () => Promise<DiscoveryList> = () =>
  Promise.resolve({ resources: [{ name: 'scaledobjects' }, { name: 'scaledobjects/status' }] });

describe('createScalerLister', () => {
  it('reads every page: 5 HPAs at 2 a page → continue tokens -, 2, 4', async () => {
    const { calls, sources } = fakeApi({ hpas: 5, pageSize: 2 });
    const names = (await createScalerLister(sources)()).map((s) => s.name);
    expect(names).toEqual(['h0', 'h1', 'h2', 'h3', 'h4']);
    expect(calls.filter((c) => c.startsWith('LIST'))).toEqual([
      'LIST horizontalpodautoscalers -',
      'LIST horizontalpodautoscalers 2',
      'LIST horizontalpodautoscalers 4',
    ]);
  });

  it.each<[string, Parameters<typeof fakeApi>[0], string[]]>([
    [
      'no keda.sh group (discovery 404): ScaledObjects never listed',
      { hpas: 1, scaledObjects: 1 },
      ['h0'],
    ],
    ['keda.sh served: both', { hpas: 1, scaledObjects: 1, discovery: served }, ['h0', 's0']],
    [
      'keda.sh served without scaledobjects: not listed',
      {
        hpas: 1,
        scaledObjects: 1,
        discovery: () => Promise.resolve({ resources: [{ name: 'scaledjobs' }] }),
      },
      ['h0'],
    ],
    [
      'the CRD removed since discovery (LIST 404): none',
      { hpas: 1, discovery: served, listKeda: () => Promise.reject(new KubeApiError(404, 'gone')) },
      ['h0'],
    ],
  ])('%s', async (_, opts, names) => {
    const { sources } = fakeApi(opts);
    expect((await createScalerLister(sources)()).map((s) => s.name)).toEqual(names);
  });

  it.each<[string, Parameters<typeof fakeApi>[0]]>([
    [
      'a 403 on ScaledObjects',
      {
        hpas: 1,
        discovery: served,
        listKeda: () => Promise.reject(new KubeApiError(403, 'LIST: 403 Forbidden')),
      },
    ],
    [
      'a 503 on discovery',
      { hpas: 1, discovery: () => Promise.reject(new KubeApiError(503, 'GET: 503')) },
    ],
  ])('%s fails the listing (the run then warns and scales)', async (_, opts) => {
    const { sources } = fakeApi(opts);
    await expect(createScalerLister(sources)()).rejects.toBeInstanceOf(KubeApiError);
  });

  it('asks discovery once per TTL while KEDA is absent', async () => {
    const { calls, sources } = fakeApi({ hpas: 0 });
    let t = 0;
    const list = createScalerLister(sources, () => t);
    await list();
    await list();
    t = 10 * 60_000; // KEDA_ABSENT_TTL_MS
    await list();
    expect(calls.filter((c) => c.startsWith('GET'))).toHaveLength(2);
  });
});
