/**
 * Control-plane setups shared by test/integration: one real kube-apiserver per describe with our
 * CRD installed, the namespaces a test names, and on request the shard leases' namespace and
 * crds/rbac.yaml bound to the least-privilege user `scaler`.
 */
import path from 'node:path';
import { buildCrd } from '../../../lib/spec/schema.js';
import { applyCrd, applyYamlFile, createNamespace } from '../../../tools/admin.js';
import { useControlPlane, type ControlPlane } from '../../harness/controlPlane.js';

/** Where the shard leases live by default (LEASE_NAMESPACE, SECRETS_NAMESPACES). */
export const SYSTEM_NAMESPACE = 'business-scaling-system';

/** The `scaler` user as the subject of every binding in crds/rbac.yaml. */
export const SCALER_SUBJECTS = [
  { kind: 'User', name: 'scaler', apiGroup: 'rbac.authorization.k8s.io' },
];

export interface ClusterSetup {
  /** Created after the CRD, in order. */
  readonly namespaces?: readonly string[];
  /** Also create SYSTEM_NAMESPACE (where a run takes its shard lease). */
  readonly leaseNamespace?: boolean;
  /** Apply crds/rbac.yaml with SCALER_SUBJECTS (it creates SYSTEM_NAMESPACE too). */
  readonly rbac?: boolean;
}

/** The CRD, then the namespaces, then the lease namespace and rbac.yaml when asked for. */
export async function setUpCluster(cp: ControlPlane, setup: ClusterSetup = {}): Promise<void> {
  await applyCrd(cp, buildCrd());
  for (const ns of setup.namespaces ?? []) await createNamespace(cp, ns);
  if (setup.leaseNamespace) await createNamespace(cp, SYSTEM_NAMESPACE);
  if (setup.rbac) await applyRbac(cp);
}

/** crds/rbac.yaml, every binding's subjects replaced by the `scaler` user. */
export async function applyRbac(cp: ControlPlane): Promise<void> {
  await applyYamlFile(cp, path.resolve('crds/rbac.yaml'), { subjectsOverride: SCALER_SUBJECTS });
}

/** `useControlPlane()` plus `setUpCluster` in the same describe's beforeAll. */
export function useCluster(
  setup: ClusterSetup = {},
  opts: { controllers?: boolean } = {},
): () => ControlPlane {
  const cp = useControlPlane(opts);
  beforeAll(() => setUpCluster(cp(), setup));
  return cp;
}
