/**
 * What the demo creates, and nothing else: every object is new (a 409 stops the demo, it never
 * adopts), carries the run's label, and is deleted on exit by name *and* uid (a delete
 * precondition), so an object someone else made in the meantime is never removed.
 */
import * as admin from '../tools/admin.js';
import type { ControlPlane } from '../tools/admin.js';
import { GROUP, KIND, PLURAL, VERSION } from '../lib/spec/types.js';
import { buildCrd } from '../lib/spec/schema.js';
import type { DemoRun } from './demoScenario.js';

/** An object of the user's that the demo would have had to touch: the demo stops instead. */
export class AlreadyExists extends Error {
  override name = 'AlreadyExists';
}

const status = (e: unknown): number | undefined => {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
};

const CRD_NAME = `${PLURAL}.${GROUP}`;

export interface DemoObjects {
  /** True when the BusinessScaling CRD is not installed yet (the demo would install it). */
  crdMissing(): Promise<boolean>;
  /** Creates the CRD (if missing), the namespace, the Deployments and the BusinessScalings. */
  create(resources: readonly DemoResource[]): Promise<void>;
  /** Deletes, newest first, exactly what `create` made; returns what it could not delete. */
  remove(): Promise<string[]>;
}

export interface DemoResource {
  readonly name: string;
  readonly deployment: string;
  readonly spec: unknown;
}

export function demoObjects(cp: ControlPlane, run: DemoRun): DemoObjects {
  const c = admin.admin(cp);
  const made: { what: string; remove: () => Promise<unknown> }[] = [];
  const metadata = (name: string) => ({ name, labels: { ...run.labels } });
  const preconditions = (uid: string | undefined) => ({ preconditions: { uid } });
  const created = async <T>(what: string, create: () => Promise<T>): Promise<T> => {
    try {
      return await create();
    } catch (e) {
      if (status(e) !== 409) throw e;
      throw new AlreadyExists(
        `${what} already exists: the demo only uses objects it creates, so it stops here (nothing of yours was changed)`,
      );
    }
  };

  async function crdMissing(): Promise<boolean> {
    try {
      await c.crds.readCustomResourceDefinition({ name: CRD_NAME });
      return false;
    } catch (e) {
      if (status(e) === 404) return true;
      throw e;
    }
  }

  async function create(resources: readonly DemoResource[]): Promise<void> {
    if (await crdMissing()) {
      await created(`CustomResourceDefinition ${CRD_NAME}`, () => admin.applyCrd(cp, buildCrd()));
      const crd = await c.crds.readCustomResourceDefinition({ name: CRD_NAME });
      made.push({
        what: `CustomResourceDefinition ${CRD_NAME}`,
        remove: () => removeCrdIfUnused(crd.metadata?.uid),
      });
    }
    const ns = await created(`namespace ${run.namespace}`, () =>
      c.core.createNamespace({ body: { metadata: metadata(run.namespace) } }),
    );
    // Deleting the namespace deletes the Deployments in it.
    made.push({
      what: `namespace ${run.namespace}`,
      remove: () =>
        c.core.deleteNamespace({ name: run.namespace, body: preconditions(ns.metadata?.uid) }),
    });
    for (const r of resources) {
      const selector = { matchLabels: { app: r.deployment } };
      const template = {
        metadata: { labels: { app: r.deployment, ...run.labels } },
        spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.9' }] },
      };
      await created(`Deployment ${run.namespace}/${r.deployment}`, () =>
        c.apps.createNamespacedDeployment({
          namespace: run.namespace,
          body: { metadata: metadata(r.deployment), spec: { replicas: 1, selector, template } },
        }),
      );
      const body = { apiVersion: `${GROUP}/${VERSION}`, kind: KIND, metadata: metadata(r.name) };
      const obj = (await created(`BusinessScaling ${r.name}`, () =>
        c.custom.createClusterCustomObject({
          group: GROUP,
          version: VERSION,
          plural: PLURAL,
          body: { ...body, spec: r.spec },
        }),
      )) as { metadata?: { uid?: string } };
      made.push({
        what: `BusinessScaling ${r.name}`,
        remove: () =>
          c.custom.deleteClusterCustomObject({
            group: GROUP,
            version: VERSION,
            plural: PLURAL,
            name: r.name,
            body: preconditions(obj.metadata?.uid),
          }),
      });
    }
  }

  /** A CRD the demo installed goes again, unless someone created a BusinessScaling meanwhile. */
  async function removeCrdIfUnused(uid: string | undefined): Promise<void> {
    const list = (await c.custom.listClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: PLURAL,
    })) as { items?: { metadata?: { labels?: Record<string, string> } }[] };
    const others = (list.items ?? []).filter((o) => !isOurs(o.metadata?.labels, run));
    if (others.length > 0) return; // somebody uses it now: it stays
    await c.crds.deleteCustomResourceDefinition({ name: CRD_NAME, body: preconditions(uid) });
  }

  async function remove(): Promise<string[]> {
    const failed: string[] = [];
    for (const { what, remove: rm } of made.reverse()) {
      await rm().catch((e: unknown) => {
        if (status(e) !== 404) failed.push(`${what}: ${e instanceof Error ? e.message : 'failed'}`);
      });
    }
    made.length = 0;
    return failed;
  }

  return { crdMissing, create, remove };
}

const isOurs = (labels: Record<string, string> | undefined, run: DemoRun): boolean =>
  Object.entries(run.labels).every(([k, v]) => labels?.[k] === v);
