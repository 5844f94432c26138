/**
 * The permission table as AKS data actions (Azure RBAC for Kubernetes authorization). The mapping
 * is mechanical: `Microsoft.ContainerService/managedClusters/<group>/<resource>/<read|write>`
 * (core group: no group segment); get/list/watch are `read`, create/update/patch are `write`; a
 * subresource (`deployments/scale`, `businessscalings/status`) is checked on its parent; any
 * custom resource is `customresources/<verb>` (Azure RBAC cannot name one CRD). Cluster rows go
 * into one role assigned on the cluster; each namespace setting gets its own role, assigned only
 * at `<cluster id>/namespaces/<ns>` for the namespaces of that setting.
 */
import {
  PERMISSIONS,
  namespaceSettings,
  settingOf,
  shortName,
  type NamespaceSetting,
  type Permission,
} from './table.js';

export const AZURE_PERMISSIONS_PATH = 'infra/app/aks-permissions.json';
const PREFIX = 'Microsoft.ContainerService/managedClusters';

/** API groups served by Kubernetes itself; anything else is a custom resource on AKS. */
const BUILTIN_GROUPS = new Set([
  '',
  'apps',
  'autoscaling',
  'batch',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
]);

const READ_VERBS = new Set(['get', 'list', 'watch']);

/** The data actions of one row, sorted. */
export function dataActionsOf(p: Permission): string[] {
  const parent = p.resource.split('/')[0]!;
  const kinds = new Set(p.verbs.map((v) => (READ_VERBS.has(v) ? 'read' : 'write')));
  const path = !BUILTIN_GROUPS.has(p.apiGroup)
    ? 'customresources'
    : p.apiGroup === ''
      ? parent
      : `${p.apiGroup}/${parent}`;
  return [...kinds].map((k) => `${PREFIX}/${path}/${k}`).sort();
}

const union = (rows: readonly Permission[]) => [...new Set(rows.flatMap(dataActionsOf))].sort();

export interface NamespaceRole {
  /** Role name suffix, e.g. `secrets`. */
  readonly name: string;
  /** The app setting whose namespaces this role is assigned in. */
  readonly setting: NamespaceSetting;
  readonly dataActions: readonly string[];
}

export interface AzurePermissions {
  readonly generatedBy: string;
  /** Assigned on the cluster. */
  readonly cluster: readonly string[];
  /** Each assigned only at `<cluster id>/namespaces/<ns>` for the namespaces of its setting. */
  readonly namespaced: readonly NamespaceRole[];
}

export function azurePermissions(table: readonly Permission[] = PERMISSIONS): AzurePermissions {
  return {
    generatedBy: 'npm run crd (source: lib/permissions/table.ts); do not edit',
    cluster: union(table.filter((p) => p.scope === 'cluster')),
    namespaced: namespaceSettings(table).map((setting) => ({
      name: shortName(setting),
      setting,
      dataActions: union(table.filter((p) => settingOf(p) === setting)),
    })),
  };
}

export const renderAzureJson = (table: readonly Permission[] = PERMISSIONS): string =>
  JSON.stringify(azurePermissions(table), null, 2) + '\n';
