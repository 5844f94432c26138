/** lib/scales: targets' replicas read in bulk where many share a namespace, written through /scale. */
import { KubeApiError, type KubePort } from '../../lib/kube/port.js';
import { BULK_MIN, createScales } from '../../lib/scales/scales.js';
import { LIST_PER_TARGET } from '../../lib/scales/listed.js';
import { createLimiter } from '../../lib/util/limit.js';
import { FakeKube } from '../support/fakeKube.js';

const deployment = (namespace: string, name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  name,
  namespace,
});
const names = (n: number, prefix = 'd') =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);

/** The fake, with its GET /scale calls counted by `Kind/namespace/name`. */
function setup() {
  const kube = new FakeKube();
  const gets: string[] = [];
  const port: Pick<KubePort, 'getScale' | 'patchScale' | 'listScales'> = {
    getScale: (ref) => {
      gets.push(`${ref.kind}/${ref.namespace}/${ref.name}`);
      return kube.getScale(ref);
    },
    patchScale: (ref, replicas, rv) => kube.patchScale(ref, replicas, rv),
    listScales: (kind, namespace) => kube.listScales(kind, namespace),
  };
  const warnings: string[] = [];
  const scales = (targets: ReturnType<typeof deployment>[]) =>
    createScales({ kube: port, limit: createLimiter(4), warn: (l) => warnings.push(l) }, targets);
  return { kube, gets, warnings, scales };
}

async function rejection(p: Promise<unknown>): Promise<KubeApiError> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(KubeApiError);
  return e as KubeApiError;
}

describe('reading replicas', () => {
  it.each([
    // [targets in the namespace, listed?]
    [BULK_MIN, true],
    [BULK_MIN - 1, false],
  ])('%i Deployment targets in one namespace: listed %s', async (count, listed) => {
    const { kube, gets, scales } = setup();
    const targets = names(count).map((n) => deployment('shop', n));
    targets.forEach((t, i) => kube.addWorkload('Deployment', 'shop', t.name, i % 5));
    const s = scales(targets);
    const read = await Promise.all(targets.map((t) => s.read(t)));
    expect(read.map((r) => r.specReplicas)).toEqual(targets.map((_, i) => i % 5));
    expect(kube.workloadLists).toEqual(listed ? ['Deployment/shop'] : []);
    expect(gets.length).toBe(listed ? 0 : count);
  });

  it('never lists other kinds or API versions; each namespace and kind is its own list', async () => {
    const { kube, gets, scales } = setup();
    const shop = names(BULK_MIN).map((n) => deployment('shop', n));
    const widgets = names(BULK_MIN).map((n) => ({ ...deployment('shop', n), kind: 'Widget' }));
    const old = names(BULK_MIN).map((n) => ({
      ...deployment('web', n),
      apiVersion: 'apps/v1beta1',
    }));
    for (const t of [...shop, ...widgets, ...old]) kube.addWorkload(t.kind, t.namespace, t.name, 1);
    const s = scales([...shop, ...widgets, ...old]);
    await Promise.all([...shop, ...widgets, ...old].map((t) => s.read(t)));
    expect(kube.workloadLists).toEqual(['Deployment/shop']);
    expect(gets.length).toBe(2 * BULK_MIN);
  });

  it('a target missing from the list is read through /scale: 404 stays TargetNotFound', async () => {
    const { kube, gets, scales } = setup();
    const targets = names(BULK_MIN + 1).map((n) => deployment('shop', n));
    targets.slice(1).forEach((t) => kube.addWorkload('Deployment', 'shop', t.name, 2));
    const s = scales(targets);
    expect((await rejection(s.read(targets[0]!))).status).toBe(404);
    expect((await s.read(targets[1]!)).specReplicas).toBe(2);
    expect(gets).toEqual([`Deployment/shop/${targets[0]!.name}`]);
  });

  it.each([
    ['the first page', 0],
    ['a later page', 1],
  ])('a list failing on %s: a warning, and every target still read', async (_n, failAt) => {
    const { kube, gets, warnings, scales } = setup();
    kube.listPageSize = 10;
    const targets = names(30).map((n) => deployment('shop', n));
    targets.forEach((t) => kube.addWorkload('Deployment', 'shop', t.name, 3));
    if (failAt === 1) {
      // the first page passes, the second fails
      const pages = kube.listScales.bind(kube);
      let page = 0;
      kube.listScales = async function* (kind, ns) {
        for await (const p of pages(kind, ns)) {
          if (page++ === failAt) throw new KubeApiError(500, 'LIST apps/v1 deployments shop: 500');
          yield p;
        }
      };
    } else kube.failNext('listScales', 403);
    const s = scales(targets);
    const read = await Promise.all(targets.map((t) => s.read(t)));
    expect(read.every((r) => r.specReplicas === 3)).toBe(true);
    expect(gets.length).toBe(failAt === 0 ? 30 : 20);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/read one by one through \/scale$/);
  });

  it('stops a list that reads far more workloads than targets; the rest are read by /scale', async () => {
    const { kube, gets, scales } = setup();
    kube.listPageSize = 100;
    const others = names(LIST_PER_TARGET * BULK_MIN + 1000, 'a');
    others.forEach((n) => kube.addWorkload('Deployment', 'shop', n, 1));
    const targets = names(BULK_MIN, 'z').map((n) => deployment('shop', n)); // on the last page
    targets.forEach((t) => kube.addWorkload('Deployment', 'shop', t.name, 7));
    const s = scales(targets);
    const read = await Promise.all(targets.map((t) => s.read(t)));
    expect(read.every((r) => r.specReplicas === 7)).toBe(true);
    expect(gets.length).toBe(BULK_MIN);
  });
});

describe('writing replicas read from a list', () => {
  async function listed() {
    const t = setup();
    const targets = names(BULK_MIN).map((n) => deployment('shop', n));
    targets.forEach((x) => t.kube.addWorkload('Deployment', 'shop', x.name, 2));
    const s = t.scales(targets);
    const ref = targets[0]!;
    const read = await s.read(ref);
    return { ...t, s, ref, read };
  }

  it('unchanged since the list: one patch, with the listed resourceVersion', async () => {
    const { kube, s, ref, read, gets } = await listed();
    expect(read.resourceVersion).toBeDefined();
    await s.patch(ref, 5, read);
    expect(kube.replicas('Deployment', 'shop', ref.name)).toBe(5);
    expect(kube.conflicts).toEqual([]);
    expect(gets).toEqual([]);
  });

  // Case 6 of issue 20: never patched blindly; a 409 goes back to the run, which decides again.
  it.each([
    ['only its status', undefined],
    ['its replicas', 4],
  ])('%s changed since the list: 409, nothing written, nothing read again', async (_, to) => {
    const { kube, s, ref, read, gets } = await listed();
    kube.touchWorkload('Deployment', 'shop', ref.name, to);
    const e = await rejection(s.patch(ref, 5, read));
    expect(e.status).toBe(409);
    expect(kube.replicas('Deployment', 'shop', ref.name)).toBe(to ?? 2);
    expect(gets).toEqual([]);
  });

  it("a target read by GET /scale is patched with the Scale's resourceVersion", async () => {
    const { kube, scales } = setup();
    kube.addWorkload('Deployment', 'shop', 'web', 2);
    const ref = deployment('shop', 'web');
    const s = scales([ref]);
    const read = await s.read(ref);
    expect(read.resourceVersion).toBeDefined();
    kube.touchWorkload('Deployment', 'shop', 'web', 8); // an operator's 8
    expect((await rejection(s.patch(ref, 3, read))).status).toBe(409);
    expect(kube.replicas('Deployment', 'shop', 'web')).toBe(8);
    await s.patch(ref, 3, await s.read(ref));
    expect(kube.replicas('Deployment', 'shop', 'web')).toBe(3);
  });

  it('a read without a resourceVersion is never written', async () => {
    const { kube, scales } = setup();
    kube.addWorkload('Deployment', 'shop', 'web', 2);
    const ref = deployment('shop', 'web');
    const e = await rejection(scales([ref]).patch(ref, 3, { specReplicas: 2, statusReplicas: 2 }));
    expect(e.message).toContain('without a resourceVersion; not scaled');
    expect(kube.replicas('Deployment', 'shop', 'web')).toBe(2);
  });
});
