/**
 * Test set-up as the `admin` identity, straight on @kubernetes/client-node (test code only):
 * CRDs, namespaces, workloads, BusinessScalings, events, and any multi-doc YAML file.
 *
 * Objects are given in their wire/YAML shape. client-node's typed APIs serialise from its
 * TypeScript property names, so a plain object's `x-kubernetes-preserve-unknown-fields`
 * (TS name `x_kubernetes_preserve_unknown_fields`) would be silently dropped: every typed
 * object goes through `loadYaml` (wire shape → typed model) first.
 */
import { readFileSync } from 'node:fs';
import {
  ApiextensionsV1Api,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubernetesObjectApi,
  loadYaml,
  type CoreV1Event,
  type KubernetesObject,
  type V1CustomResourceDefinition,
  type RbacV1Subject,
} from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { loadKubeConfig, shareConnections } from '../lib/kube/client.js';
import type { ScalingObject } from '../lib/kube/port.js';
import { GROUP, KIND, PLURAL, VERSION } from '../lib/spec/types.js';
import type { ControlPlane as FullControlPlane } from './controlPlane.js';

/**
 * Anything that can hand out an admin kubeconfig: a test control plane or a user's cluster
 * (`undefined`: the default kubeconfig, i.e. `KUBECONFIG` or `~/.kube/config`).
 */
export type ControlPlane =
  Pick<FullControlPlane, 'kubeconfig'> | { kubeconfig(user: 'admin'): string | undefined };

const clients = new WeakMap<ControlPlane, ReturnType<typeof makeClients>>();

function makeClients(cp: ControlPlane) {
  const kc = shareConnections(loadKubeConfig({ kubeconfig: cp.kubeconfig('admin') }));
  return {
    objects: KubernetesObjectApi.makeApiClient(kc),
    crds: kc.makeApiClient(ApiextensionsV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    core: kc.makeApiClient(CoreV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
  };
}

/** client-node API clients as admin, one set per control plane. */
export function admin(cp: ControlPlane): ReturnType<typeof makeClients> {
  let c = clients.get(cp);
  if (!c) clients.set(cp, (c = makeClients(cp)));
  return c;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitEstablished(cp: ControlPlane, name: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const crd = await admin(cp).crds.readCustomResourceDefinition({ name });
    const established = crd.status?.conditions?.find((c) => c.type === 'Established');
    if (established?.status === 'True') return;
    await sleep(100);
  }
  throw new Error(`CRD ${name} not Established after 10 s`);
}

/** Wire shape (as in YAML/JSON) → client-node's typed model, for its typed APIs. */
export const typed = <T>(obj: object): T => loadYaml<T>(JSON.stringify(obj));

/** Creates the CRD (wire shape, e.g. from lib/spec/schema.ts) and waits until `Established`. */
export async function applyCrd(cp: ControlPlane, crd: object): Promise<void> {
  const wire = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', ...crd };
  const body = typed<V1CustomResourceDefinition>(wire);
  const created = await admin(cp).crds.createCustomResourceDefinition({ body });
  await waitEstablished(cp, created.metadata!.name!);
}

export async function createNamespace(cp: ControlPlane, name: string): Promise<void> {
  await admin(cp).core.createNamespace({ body: { metadata: { name } } });
}

const podTemplate = (name: string) => ({
  metadata: { labels: { app: name } },
  spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.9' }] },
});

export async function createDeployment(
  cp: ControlPlane,
  namespace: string,
  name: string,
  replicas: number,
): Promise<void> {
  const spec = { replicas, selector: { matchLabels: { app: name } }, template: podTemplate(name) };
  await admin(cp).apps.createNamespacedDeployment({
    namespace,
    body: { metadata: { name }, spec },
  });
}

export async function createStatefulSet(
  cp: ControlPlane,
  namespace: string,
  name: string,
  replicas: number,
): Promise<void> {
  const selector = { matchLabels: { app: name } };
  const spec = { replicas, serviceName: name, selector, template: podTemplate(name) };
  await admin(cp).apps.createNamespacedStatefulSet({
    namespace,
    body: { metadata: { name }, spec },
  });
}

/** `spec.replicas` and `status.replicas` (0 when unset) of a Deployment or StatefulSet. */
export async function getReplicas(
  cp: ControlPlane,
  kind: 'Deployment' | 'StatefulSet',
  namespace: string,
  name: string,
): Promise<{ spec: number; status: number }> {
  const { apps } = admin(cp);
  const obj =
    kind === 'Deployment'
      ? await apps.readNamespacedDeployment({ namespace, name })
      : await apps.readNamespacedStatefulSet({ namespace, name });
  return { spec: obj.spec?.replicas ?? 0, status: obj.status?.replicas ?? 0 };
}

const BINDING_KINDS = new Set(['RoleBinding', 'ClusterRoleBinding']);

/**
 * Creates every document of a multi-doc YAML file, in order (CRDs are waited for until
 * Established). `subjectsOverride` replaces the `subjects` of every (Cluster)RoleBinding,
 * e.g. `[{ kind: 'User', name: 'scaler', apiGroup: 'rbac.authorization.k8s.io' }]`.
 */
export async function applyYamlFile(
  cp: ControlPlane,
  file: string,
  opts: { subjectsOverride?: RbacV1Subject[] } = {},
): Promise<KubernetesObject[]> {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as unknown)
    .filter((d): d is object => d !== null && typeof d === 'object')
    .map((d) => typed<KubernetesObject>(d));
  const created: KubernetesObject[] = [];
  for (const doc of docs) {
    if (opts.subjectsOverride && BINDING_KINDS.has(doc.kind ?? '')) {
      (doc as { subjects?: RbacV1Subject[] }).subjects = opts.subjectsOverride;
    }
    // A namespace the test created already (e.g. the lease namespace) is kept as it is.
    const obj = await admin(cp)
      .objects.create(doc)
      .catch((e: { code?: number }) => {
        if (doc.kind === 'Namespace' && e.code === 409) return doc;
        throw e;
      });
    if (doc.kind === 'CustomResourceDefinition') await waitEstablished(cp, obj.metadata!.name!);
    created.push(obj);
  }
  return created;
}

const scalingApi = { group: GROUP, version: VERSION, plural: PLURAL };

/** Creates a BusinessScaling (`apiVersion`/`kind` filled in). */
export async function createScaling(
  cp: ControlPlane,
  obj: { metadata: { name: string; annotations?: Record<string, string> }; spec: unknown },
): Promise<ScalingObject> {
  const body = { apiVersion: `${GROUP}/${VERSION}`, kind: KIND, ...obj };
  return (await admin(cp).custom.createClusterCustomObject({
    ...scalingApi,
    body,
  })) as ScalingObject;
}

export async function getScaling(cp: ControlPlane, name: string): Promise<ScalingObject> {
  return (await admin(cp).custom.getClusterCustomObject({ ...scalingApi, name })) as ScalingObject;
}

export async function listEvents(cp: ControlPlane, namespace: string): Promise<CoreV1Event[]> {
  return (await admin(cp).core.listNamespacedEvent({ namespace })).items;
}
