/**
 * lib/scales on a real kube-apiserver, as the identity bound by crds/rbac.yaml: targets' replicas
 * read with one LIST per namespace and kind, `/scale` patches preconditioned on the listed
 * resourceVersion, a target missing from the list still TargetNotFound.
 */
import type { RequestCounters } from '../../lib/kube/client.js';
import { KubeApiError, type KubePort } from '../../lib/kube/port.js';
import { BULK_MIN } from '../../lib/scales/scales.js';
import {
  createDeployment,
  createScaling,
  createStatefulSet,
  getReplicas,
} from '../../tools/admin.js';
import { json } from '../../tools/metricServer.js';
import { describeIfCluster } from '../harness/controlPlane.js';
import { useCluster } from '../support/builders/cluster.js';
import { originalSpec } from '../support/builders/resources.js';
import { freshPort, runFresh } from '../support/builders/runs.js';
import { useMetricServer } from '../support/builders/servers.js';
import { recordForbidden } from '../support/forbidden.js';

const N = BULK_MIN + 5;
const name = (i: number) => `w${String(i).padStart(2, '0')}`;

describeIfCluster('replicas in bulk on a real API server', () => {
  const cp = useCluster({ rbac: true, namespaces: ['bulk'] });
  // 100 users keep a target at 2 (the band's bottom); 1000 take it to 10.
  const metrics = useMetricServer({
    answer: (p) => json({ active_users: p.endsWith('/up') ? 1000 : 100 }),
  });
  /** The targets read with GET /scale, by name. */
  let gets: string[] = [];
  const counted = (kube: KubePort): KubePort => ({
    ...kube,
    getScale: (ref) => {
      gets.push(ref.name);
      return kube.getScale(ref);
    },
  });
  const port = (counters?: RequestCounters, pageSize?: number) =>
    freshPort(cp(), 'scaler', { ...(counters && { counters }), ...(pageSize && { pageSize }) });

  beforeAll(async () => {
    for (let i = 0; i < N; i++) await createDeployment(cp(), 'bulk', name(i), 2);
    await createStatefulSet(cp(), 'bulk', 'db', 4);
    // One BusinessScaling per Deployment, the last two up; and one whose target does not exist.
    for (let i = 0; i <= N; i++) {
      const target = i === N ? 'missing' : name(i);
      const url = `${metrics().baseUrl}/${i}${i >= N - 2 && i < N ? '/up' : ''}`;
      const spec = originalSpec(target, url, 'bulk');
      await createScaling(cp(), { metadata: { name: `s${String(i).padStart(2, '0')}` }, spec });
    }
  }, 90_000);

  it('lists page by page; a /scale patch on a stale resourceVersion is refused (409)', async () => {
    const counters: RequestCounters = { byVerb: {} };
    const kube = port(counters, 10);
    const listed = [];
    for await (const page of kube.listScales!('Deployment', 'bulk')) listed.push(...page);
    expect(counters.byVerb).toEqual({ LIST: Math.ceil(N / 10) });
    expect(listed.map((s) => s.name)).toEqual(Array.from({ length: N }, (_, i) => name(i)));
    expect(listed.every((s) => s.specReplicas === 2 && /^\d+$/.test(s.resourceVersion!))).toBe(
      true,
    );
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'bulk', name: name(0) };
    const rv = listed[0]!.resourceVersion;
    await kube.patchScale(ref, 3, rv); // unchanged since the list: applied
    const stale = await kube.patchScale(ref, 5, rv).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(KubeApiError);
    expect((stale as KubeApiError).status).toBe(409);
    expect((await getReplicas(cp(), 'Deployment', 'bulk', name(0))).spec).toBe(3);
    await kube.patchScale(ref, 2); // back for the runs below
    const sets = [];
    for await (const page of kube.listScales!('StatefulSet', 'bulk')) sets.push(...page);
    expect(sets.map((s) => [s.name, s.specReplicas])).toEqual([['db', 4]]);
  });

  it('a run reads its targets with one LIST: only the missing one by GET (TargetNotFound)', async () => {
    gets = [];
    const { kube, forbidden } = recordForbidden(counted(port()));
    const report = await runFresh(cp(), { kube });
    expect(forbidden).toEqual([]);
    const byName = new Map(report.resources.map((r) => [r.name, r]));
    expect(byName.get(`s${N}`)).toMatchObject({ action: 'error', reason: 'TargetNotFound' });
    expect(report.summary).toMatchObject({ scaled: 2, unchanged: N - 2, error: 1 });
    expect(gets).toEqual(['missing']);
    for (const i of [N - 2, N - 1]) {
      expect((await getReplicas(cp(), 'Deployment', 'bulk', name(i))).spec).toBe(10);
    }
    // Nothing changed: nothing written, the same reads.
    gets = [];
    const again: RequestCounters = { byVerb: {} };
    const second = await runFresh(cp(), { kube: counted(port(again)) });
    expect(second.summary).toMatchObject({ scaled: 0, unchanged: N, error: 1 });
    expect(gets).toEqual(['missing']);
    expect(again.byVerb.PATCH ?? 0).toBe(0);
  });
});
