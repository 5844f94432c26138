/** The KubePort adapter against a real kube-apiserver (test/harness/controlPlane.ts). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import { createKubePort, loadKubeConfig, type KubePortOptions } from '../../lib/kube/client.js';
import { KubeApiError, type KubePort } from '../../lib/kube/port.js';
import { GROUP, PLURAL } from '../../lib/spec/types.js';
import {
  admin,
  applyCrd,
  applyYamlFile,
  createDeployment,
  createNamespace,
  createScaling,
  createStatefulSet,
  getReplicas,
  getScaling,
  listEvents,
} from '../../tools/admin.js';
import { describeIfCluster, useControlPlane } from '../harness/controlPlane.js';
import { freePorts } from '../../tools/processes.js';
import { countConnections } from '../support/connections.js';
import { writeExecPlugin } from '../support/execPlugin.js';

const EXEC_API = 'client.authentication.k8s.io/v1beta1';

const CRDS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../crds');
const CRD_FILE = path.join(CRDS, 'businessscalings.example.com.yaml');
const RBAC_FILE = path.join(CRDS, 'rbac.yaml');

/** A namespaced CRD in its own group; `scalable` adds a /scale subresource. */
const widgetCrd = (kind: string, scalable: boolean) => {
  const plural = `${kind.toLowerCase()}s`;
  const schema = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  const scale = { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' };
  return {
    metadata: { name: `${plural}.test.example.com` },
    spec: {
      group: 'test.example.com',
      scope: 'Namespaced',
      names: { plural, singular: kind.toLowerCase(), kind },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: schema },
          subresources: scalable ? { status: {}, scale } : {},
        },
      ],
    },
  };
};

const originalSpec = {
  targetDeployment: 'web',
  targetNamespace: 'apps',
  metricSource: 'http://metrics.apps.svc/api/active_users',
  scaleThresholds: { minUsers: 100, maxUsers: 1000, minReplicas: 1, maxReplicas: 10 },
};

const web = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'apps' };
const db = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', namespace: 'apps' };

/** Counts new TCP connections undici opens to `port` while `fn` runs. */
async function eventually<T>(fn: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= 20) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function rejection(p: Promise<unknown>): Promise<KubeApiError> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(KubeApiError);
  return e as KubeApiError;
}

describeIfCluster('kube client against kube-apiserver', () => {
  const cp = useControlPlane();
  const port = (user: 'admin' | 'scaler' = 'admin', opts?: KubePortOptions): KubePort =>
    createKubePort(loadKubeConfig({ kubeconfig: cp().kubeconfig(user) }), opts);

  beforeAll(async () => {
    await applyYamlFile(cp(), CRD_FILE);
    await applyCrd(cp(), widgetCrd('Widget', true));
    await applyCrd(cp(), widgetCrd('Gadget', false));
    await createNamespace(cp(), 'apps');
    await createDeployment(cp(), 'apps', 'web', 2);
    await createStatefulSet(cp(), 'apps', 'db', 1);
    for (let i = 1; i <= 7; i++) {
      await createScaling(cp(), { metadata: { name: `s${i}` }, spec: originalSpec });
    }
  }, 60_000);

  it('applies the CRD from crds/ whole (x-kubernetes-* keys survive client-node)', async () => {
    expect(existsSync(CRD_FILE)).toBe(true);
    const crd = await admin(cp()).crds.readCustomResourceDefinition({ name: `${PLURAL}.${GROUP}` });
    const schema = crd.spec.versions[0]!.schema!.openAPIV3Schema!.properties!;
    expect(schema.spec!.properties!.metrics!.x_kubernetes_list_type).toBe('map');
    expect(schema.spec!.properties!.metrics!.x_kubernetes_list_map_keys).toEqual(['name']);
    expect(schema.status!.properties!.conditions!.x_kubernetes_list_type).toBe('atomic');
  });

  it('lists every BusinessScaling across pages (limit + continue)', async () => {
    const counters = { byVerb: {} as Record<string, number> };
    const items = await port('admin', { pageSize: 3, counters }).listScalings();
    const names = items.map((s) => s.metadata.name).sort();
    expect(names).toEqual(['s1', 's2', 's3', 's4', 's5', 's6', 's7']);
    expect(counters.byVerb).toEqual({ LIST: 3 }); // 3 + 3 + 1
    expect(items[0]!.spec).toMatchObject({ targetDeployment: 'web' });
    expect((await port().listScalings()).length).toBe(7); // default page size: one page
  });

  it('reads and patches /scale of a Deployment and a StatefulSet', async () => {
    const kube = port();
    const readweb = await kube.getScale(web);
    expect(readweb).toMatchObject({ specReplicas: 2, statusReplicas: 0 });
    expect(readweb.resourceVersion).toMatch(/^\d+$/); // what a /scale PATCH is conditioned on
    await kube.patchScale(web, 5);
    expect((await getReplicas(cp(), 'Deployment', 'apps', 'web')).spec).toBe(5);
    expect((await kube.getScale(db)).specReplicas).toBe(1);
    await kube.patchScale(db, 3);
    expect(await getReplicas(cp(), 'StatefulSet', 'apps', 'db')).toEqual({ spec: 3, status: 0 });
  });

  it('finds the plural of a custom resource with /scale by discovery', async () => {
    const counters = { byVerb: {} as Record<string, number> };
    const kube = port('admin', { counters });
    const ref = { apiVersion: 'test.example.com/v1', kind: 'Widget', name: 'w', namespace: 'apps' };
    const body = {
      apiVersion: ref.apiVersion,
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'apps' },
      spec: { replicas: 1 },
    };
    await admin(cp()).objects.create(body);
    await kube.patchScale(ref, 4);
    const readref = await kube.getScale(ref);
    expect(readref).toMatchObject({ specReplicas: 4, statusReplicas: 0 });
    expect(readref.resourceVersion).toMatch(/^\d+$/); // what a /scale PATCH is conditioned on
    expect(counters.byVerb).toEqual({ GET: 2, PATCH: 1 }); // discovery once, then cached
  });

  it('refuses kinds without /scale with a clear 404', async () => {
    const kube = port();
    const typo = await rejection(kube.getScale({ ...db, kind: 'StatefulSett' }));
    expect(typo).toMatchObject({ status: 404 });
    expect(typo.message).toBe('StatefulSett.apps/v1 has no /scale subresource (unknown kind)');
    const gadget = {
      apiVersion: 'test.example.com/v1',
      kind: 'Gadget',
      name: 'g',
      namespace: 'apps',
    };
    expect((await rejection(kube.patchScale(gadget, 1))).message).toBe(
      'Gadget.test.example.com/v1 has no /scale subresource',
    );
    const nogroup = await rejection(kube.getScale({ ...db, apiVersion: 'nope.example.com/v1' }));
    expect(nogroup).toMatchObject({ status: 404 });
  });

  it('turns a missing Deployment into KubeApiError 404 with a safe message', async () => {
    const e = await rejection(port().getScale({ ...web, name: 'missing' }));
    expect(e.status).toBe(404);
    expect(e.message).toBe('GET apps/v1 deployments apps/missing/scale: 404 NotFound');
  });

  it('round-trips status through /status (merge patch; null removes a field)', async () => {
    const kube = port();
    const condition = {
      type: 'Ready' as const,
      status: 'True' as const,
      reason: 'ScaledToDesired',
      message: 'ok',
      lastTransitionTime: '2024-01-01T00:00:00Z',
    };
    await kube.patchStatus('s1', {
      desiredReplicas: 4,
      lastScaleTime: '2024-01-01T00:00:00Z',
      conditions: [condition],
    });
    expect((await getScaling(cp(), 's1')).status).toEqual({
      desiredReplicas: 4,
      lastScaleTime: '2024-01-01T00:00:00Z',
      conditions: [condition],
    });
    await kube.patchStatus('s1', { currentReplicas: 2, lastScaleTime: null });
    expect((await getScaling(cp(), 's1')).status).toEqual({
      desiredReplicas: 4,
      currentReplicas: 2,
      conditions: [condition],
    });
  });

  it('creates an Event about a BusinessScaling in the events namespace', async () => {
    const about = await getScaling(cp(), 's2');
    await port('admin', { reporter: 'scaler-test' }).createEvent(about, {
      type: 'Normal',
      reason: 'SuccessfulRescale',
      message: 'New size: 4; reason: metric active_users above target',
    });
    const event = (await listEvents(cp(), 'default')).find((e) => e.involvedObject.name === 's2');
    expect(event).toMatchObject({
      reason: 'SuccessfulRescale',
      type: 'Normal',
      count: 1,
      source: { component: 'scaler-test' },
      reportingComponent: 'scaler-test',
      involvedObject: {
        apiVersion: 'example.com/v1',
        kind: 'BusinessScaling',
        uid: about.metadata.uid,
      },
    });
  });

  it('gives 403 to the scaler identity without RBAC, without leaking its token', async () => {
    const kube = port('scaler');
    const errors = [
      await rejection(kube.listScalings()),
      await rejection(kube.getScale(web)),
      await rejection(kube.patchStatus('s1', { desiredReplicas: 1 })),
    ];
    expect(errors.map((e) => e.status)).toEqual([403, 403, 403]);
    expect(errors[0]!.message).toBe('LIST example.com/v1 businessscalings: 403 Forbidden');
    for (const e of errors) {
      expect(`${e.message} ${e.stack} ${JSON.stringify(e)}`).not.toContain(cp().scalerToken);
    }
  });

  it('with crds/rbac.yaml bound to scaler, every port call is allowed', async () => {
    const subjects = [{ kind: 'User', name: 'scaler', apiGroup: 'rbac.authorization.k8s.io' }];
    await applyYamlFile(cp(), RBAC_FILE, { subjectsOverride: subjects });
    const kube = port('scaler');
    await eventually(() => kube.listScalings()); // the RBAC cache catches up within ms
    await kube.patchScale(web, 2);
    expect((await kube.getScale(web)).specReplicas).toBe(2);
    await kube.patchStatus('s3', { desiredReplicas: 2 });
    await kube.createEvent(await getScaling(cp(), 's3'), {
      type: 'Normal',
      reason: 'Test',
      message: 'm',
    });
    // Still no rights beyond that: a kind outside the ClusterRole.
    const widget = { ...web, apiVersion: 'test.example.com/v1', kind: 'Widget', name: 'w' };
    expect((await rejection(kube.getScale(widget))).status).toBe(403);
  });

  it('reads Secrets (decoded, with annotations) only where crds/rbac.yaml allows', async () => {
    // runs after the test above applied crds/rbac.yaml (which creates business-scaling-system)
    const secret = (namespace: string) => ({
      metadata: {
        name: 'metric-key',
        namespace,
        annotations: { 'scaling.example.com/allowed-hosts': 'm.example' },
      },
      stringData: { key: 'v4lue' },
    });
    await admin(cp()).core.createNamespacedSecret({
      namespace: 'business-scaling-system',
      body: secret('business-scaling-system'),
    });
    await admin(cp()).core.createNamespacedSecret({ namespace: 'apps', body: secret('apps') });
    const kube = port('scaler');
    expect(await eventually(() => kube.getSecret('business-scaling-system', 'metric-key'))).toEqual(
      {
        annotations: { 'scaling.example.com/allowed-hosts': 'm.example' },
        data: { key: 'v4lue' },
      },
    );
    const denied = await rejection(kube.getSecret('apps', 'metric-key'));
    expect(denied.status).toBe(403);
    expect(denied.message).toBe('GET v1 secrets apps/metric-key: 403 Forbidden');
  });

  it('a 401 asks the kubeconfig for credentials again and retries once (exec plugin)', async () => {
    const plugin = writeExecPlugin(['revoked', cp().adminToken]);
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: cp().server, caData: cp().caData, skipTLSVerify: false }],
      users: [{ name: 'u', exec: { apiVersion: EXEC_API, command: plugin.command } }],
      contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
      currentContext: 'c',
    });
    try {
      expect((await createKubePort(kc).listScalings()).length).toBe(7);
      expect(plugin.calls()).toBe(2);
    } finally {
      plugin.cleanup();
    }
  });

  it('maps network errors to status 0 with the error code and the server', async () => {
    const kc = loadKubeConfig({ kubeconfig: cp().kubeconfig('admin') });
    const [closed] = await freePorts(1); // nothing listens there now
    const server = `https://127.0.0.1:${closed}`;
    kc.loadFromClusterAndUser({ ...kc.getCurrentCluster()!, server }, kc.getCurrentUser()!);
    const e = await rejection(createKubePort(kc).listScalings());
    expect(e).toMatchObject({ status: 0 });
    expect(e.message).toBe(
      `LIST example.com/v1 businessscalings: network error ECONNREFUSED (API server ${server})`,
    );
  });

  it('reuses connections: 50 sequential calls open at most a few', async () => {
    const apiPort = Number(new URL(cp().server).port);
    const kube = port();
    const opened = await countConnections(apiPort, async () => {
      for (let i = 0; i < 50; i++) await kube.getScale(web);
    });
    expect(opened).toBeLessThanOrEqual(2);
    // The same measurement sees the problem without the fix (a KubeConfig used directly).
    const raw = new KubeConfig();
    raw.loadFromFile(cp().kubeconfig('admin'));
    const apps = raw.makeApiClient(AppsV1Api);
    const unpooled = await countConnections(apiPort, async () => {
      for (let i = 0; i < 5; i++) await apps.readNamespacedDeploymentScale(web);
    });
    expect(unpooled).toBe(5);
  });
});
