/**
 * Conflicts on a real kube-apiserver, as the identity bound by crds/rbac.yaml: an autoscaling/v1
 * HPA or a KEDA ScaledObject (its CRD installed mid-test) holds its target, an older
 * BusinessScaling wins over a younger one, and deleting the HPA releases the workload. The same
 * identity reads a metric's Secret and writes events. Every test fails on ANY 403 the port saw,
 * also one the run only warns about: a Kubernetes call that lib/permissions/table.ts does not
 * grant (crds/rbac.yaml is generated from it) fails here.
 */
import { ALLOWED_HOSTS_ANNOTATION } from '../../lib/auth/resolve.js';
import type { RequestCounters } from '../../lib/kube/client.js';
import { admin, applyCrd, createDeployment, createScaling, listEvents } from '../../tools/admin.js';
import { createHpa, deleteHpa } from '../../tools/adminHpa.js';
import { describeIfCluster } from '../harness/controlPlane.js';
import { useCluster } from '../support/builders/cluster.js';
import { fullSpec, originalSpec as original } from '../support/builders/resources.js';
import { conditionOf, freshPort, replicasOf, runFresh } from '../support/builders/runs.js';
import { useMetricServer } from '../support/builders/servers.js';
import { recordForbidden } from '../support/forbidden.js';

/** The smallest ScaledObject CRD that serves keda.sh/v1alpha1 scaledobjects. */
const KEDA_CRD = {
  metadata: { name: 'scaledobjects.keda.sh' },
  spec: {
    group: 'keda.sh',
    scope: 'Namespaced',
    names: { plural: 'scaledobjects', singular: 'scaledobject', kind: 'ScaledObject' },
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          },
        },
      },
    ],
  },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeIfCluster('conflicts on a real API server', () => {
  const cp = useCluster({ namespaces: ['shop'], rbac: true });
  const metrics = useMetricServer({ value: () => 5000 });
  let counters: RequestCounters;
  /** Every 403 of every port this describe made (see afterEach). */
  const forbidden: string[] = [];

  /** A port as the least-privilege identity whose 403s land in `forbidden`. */
  const scalerPort = (opts: { counters?: RequestCounters; pageSize?: number } = {}) => {
    const recorder = recordForbidden(freshPort(cp(), 'scaler', opts));
    return { kube: recorder.kube, seen: recorder.forbidden };
  };
  /** A fresh port per run (so KEDA discovery is fresh), as the least-privilege identity. */
  const run = async () => {
    counters = { byVerb: {} };
    const { kube, seen } = scalerPort({ counters });
    try {
      return await runFresh(cp(), { kube });
    } finally {
      forbidden.push(...seen);
    }
  };
  const replicas = (name: string) => replicasOf(cp(), 'shop', name);
  const condition = (name: string, type: string) => conditionOf(cp(), name, type);
  /** Original form on Deployment shop/<target>; 5000 users → maxReplicas 10. */
  const scaling = (name: string, target: string) =>
    createScaling(cp(), { metadata: { name }, spec: original(target, `${metrics().baseUrl}/u`) });

  afterEach(() => {
    // A 403 is a right the table lacks: add a row to lib/permissions/table.ts, `npm run crd`.
    const seen = forbidden.splice(0);
    expect(seen).toEqual([]);
  });

  it('an HPA holds its Deployment (Ready=False Conflict) while the one beside it scales; deleting the HPA releases it', async () => {
    await createDeployment(cp(), 'shop', 'web', 3);
    await createDeployment(cp(), 'shop', 'api', 3);
    await createHpa(cp(), 'shop', 'web', { kind: 'Deployment', name: 'web' });
    await scaling('web', 'web');
    await scaling('api', 'api');
    const message = 'HorizontalPodAutoscaler shop/web also scales Deployment/shop/web';

    const report = await run();
    expect(report.warnings).toBeUndefined(); // the role may list HPAs; no KEDA → not listed
    expect(report.resources.find((r) => r.name === 'web')).toMatchObject({
      action: 'held',
      reason: 'Conflict',
      message,
    });
    expect(await replicas('web')).toBe(3);
    expect(await replicas('api')).toBe(10);
    expect(await condition('web', 'Ready')).toMatchObject({
      status: 'False',
      reason: 'Conflict',
      message,
    });
    expect(await condition('web', 'AbleToScale')).toMatchObject({ reason: 'Conflict' });
    const events = (await listEvents(cp(), 'default')).filter(
      (e) => e.involvedObject.name === 'web',
    );
    expect(events.map((e) => [e.type, e.reason, e.message])).toEqual([
      ['Warning', 'Conflict', message],
    ]);

    await run(); // held again, nothing written: the PATCHes of this run are none
    expect(counters.byVerb.PATCH ?? 0).toBe(0);
    expect(await replicas('web')).toBe(3);

    await deleteHpa(cp(), 'shop', 'web');
    const released = await run();
    expect(released.resources.find((r) => r.name === 'web')).toMatchObject({ action: 'scaled' });
    expect(await replicas('web')).toBe(10);
    expect(await condition('web', 'Ready')).toMatchObject({ status: 'True' });
  });

  it('lists HPAs page by page and ScaledObjects only when served', async () => {
    await createHpa(cp(), 'shop', 'p1', { kind: 'Deployment', name: 'x' });
    await createHpa(cp(), 'default', 'p2', { kind: 'StatefulSet', name: 'y' });
    const pages: RequestCounters = { byVerb: {} };
    const { kube, seen } = scalerPort({ counters: pages, pageSize: 1 });
    const found = (await kube.listScalers()).map((s) => `${s.namespace}/${s.name}`).sort();
    expect(found).toEqual(['default/p2', 'shop/p1']);
    // 2 HPAs at 1 a page: 2 LISTs (+ 1 if the API server sends an empty last page); 1 discovery
    expect(pages.byVerb.LIST).toBeGreaterThanOrEqual(2);
    expect(pages.byVerb.GET).toBe(1);
    await kube.listScalers(); // "no KEDA" is cached: no second discovery
    expect(pages.byVerb.GET).toBe(1);
    forbidden.push(...seen);
    await deleteHpa(cp(), 'shop', 'p1');
    await deleteHpa(cp(), 'default', 'p2');
  });

  it('the older of two BusinessScalings of a Deployment scales it, the younger is held', async () => {
    await createDeployment(cp(), 'shop', 'cart', 1);
    await scaling('z-first', 'cart');
    await sleep(1100); // creationTimestamp has whole seconds: make the ages differ
    await scaling('a-second', 'cart'); // sorts first by name: the age must decide
    const report = await run();
    expect(report.resources.find((r) => r.name === 'z-first')).toMatchObject({
      action: 'scaled',
    });
    expect(report.resources.find((r) => r.name === 'a-second')).toMatchObject({
      action: 'held',
      reason: 'Conflict',
    });
    expect(await replicas('cart')).toBe(10);
    expect((await condition('a-second', 'Ready'))?.message).toMatch(
      /^BusinessScaling z-first also scales Deployment\/shop\/cart/,
    );
  });

  it('a KEDA ScaledObject holds its Deployment once the keda.sh CRD is installed', async () => {
    await applyCrd(cp(), KEDA_CRD);
    await createDeployment(cp(), 'shop', 'queue', 2);
    await admin(cp()).custom.createNamespacedCustomObject({
      group: 'keda.sh',
      version: 'v1alpha1',
      namespace: 'shop',
      plural: 'scaledobjects',
      body: {
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ScaledObject',
        metadata: { name: 'queue-so' },
        spec: { scaleTargetRef: { name: 'queue' } }, // kind defaults to Deployment
      },
    });
    await scaling('queue', 'queue');
    const report = await run();
    expect(report.warnings).toBeUndefined(); // the role may list ScaledObjects
    expect(report.resources.find((r) => r.name === 'queue')).toMatchObject({
      action: 'held',
      message: 'ScaledObject shop/queue-so also scales Deployment/shop/queue',
    });
    expect(await replicas('queue')).toBe(2);
  });

  it('reads a metric Secret where crds/rbac.yaml allows, scales, and writes its events', async () => {
    await admin(cp()).core.createNamespacedSecret({
      namespace: 'business-scaling-system', // the SECRETS_NAMESPACES default, created by rbac.yaml
      body: {
        metadata: { name: 'metric-key', annotations: { [ALLOWED_HOSTS_ANNOTATION]: '127.0.0.1' } },
        stringData: { key: 'v4lue' },
      },
    });
    await createDeployment(cp(), 'shop', 'paid', 1);
    await createScaling(cp(), {
      metadata: { name: 'paid' },
      spec: fullSpec({
        apiVersion: 'apps/v1',
        name: 'paid',
        maxReplicas: 10,
        metric: 'users',
        url: `${metrics().baseUrl}/paid`,
        valuePath: 'active_users',
        http: {
          auth: {
            headers: [{ name: 'X-Api-Key', secretKeyRef: { name: 'metric-key', key: 'key' } }],
          },
        },
        averageValue: 1000,
      }),
    });
    const report = await run();
    // ceil(5000 / 1000) = 5, capped at max(2 × 1, 4) = 4 (no behavior: the HPA's legacy path)
    expect(report.resources.find((r) => r.name === 'paid')).toMatchObject({
      action: 'scaled',
      desiredReplicas: 4,
    });
    expect(await replicas('paid')).toBe(4);
    const events = (await listEvents(cp(), 'default')).filter(
      (e) => e.involvedObject.name === 'paid',
    );
    expect(events.map((e) => e.reason)).toEqual(['SuccessfulRescale']);
  });

  it('the 403 guard itself: a call outside the table is recorded', async () => {
    const { kube, seen } = scalerPort();
    await expect(kube.getSecret('shop', 'metric-key')).rejects.toMatchObject({ status: 403 });
    expect(seen).toEqual(['getSecret: GET v1 secrets shop/metric-key: 403 Forbidden']);
  });
});
