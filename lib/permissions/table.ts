/**
 * Every Kubernetes right a run uses, in one typed table. `crds/rbac.yaml`, the Azure RBAC roles
 * (infra/app/aks-permissions.json, loaded by infra/app/aks-role.bicep) and the README's
 * permissions section are generated from it by `npm run crd`; tests fail when one drifts.
 * A new Kubernetes call needs a row here (then `npm run crd`), else the integration tests that
 * run as the identity bound by `crds/rbac.yaml` get a 403 and fail.
 */
import { DEFAULTS } from '../config.js';
import { GROUP, PLURAL } from '../spec/types.js';

export type Verb = 'get' | 'list' | 'create' | 'update' | 'patch';

/** App settings that name the namespaces where a namespaced right is granted. */
export type NamespaceSetting =
  'EVENTS_NAMESPACE' | 'SECRETS_NAMESPACES' | 'LEASE_NAMESPACE' | 'ENDPOINTS_NAMESPACES';

export type Scope = 'cluster' | { readonly namespaceSetting: NamespaceSetting };

export interface Permission {
  /** `''` for the core group. */
  readonly apiGroup: string;
  /** Plural, with `/subresource` when only that is granted (e.g. `deployments/scale`). */
  readonly resource: string;
  readonly verbs: readonly Verb[];
  readonly scope: Scope;
  /** One line: why a run needs it. */
  readonly reason: string;
}

/** The default namespace(s) of each namespace setting, as `lib/config.ts` applies them. */
export const NAMESPACE_DEFAULTS: Readonly<Record<NamespaceSetting, readonly string[]>> = {
  EVENTS_NAMESPACE: [DEFAULTS.eventsNamespace],
  SECRETS_NAMESPACES: DEFAULTS.secretsNamespaces,
  // The lease of a shard (coordination.k8s.io/v1 Lease); lib/config.ts reads LEASE_NAMESPACE
  // once the lease lock exists, with this default.
  LEASE_NAMESPACE: ['business-scaling-system'],
  // Default none: http.fromServiceEndpoints is off until namespaces are listed.
  ENDPOINTS_NAMESPACES: DEFAULTS.endpointsNamespaces,
};

export const PERMISSIONS: readonly Permission[] = [
  {
    apiGroup: GROUP,
    resource: PLURAL,
    verbs: ['get', 'list'],
    scope: 'cluster',
    reason: 'list every BusinessScaling (paginated); re-read one after a write conflict (409)',
  },
  {
    apiGroup: GROUP,
    resource: `${PLURAL}/status`,
    verbs: ['patch'],
    scope: 'cluster',
    reason: 'write conditions and the scaling history through /status, never the spec',
  },
  ...(['deployments', 'statefulsets', 'replicasets'] as const).map((plural): Permission => ({
    apiGroup: 'apps',
    resource: `${plural}/scale`,
    verbs: ['get', 'patch'],
    scope: 'cluster',
    reason: `set replicas of ${plural} through /scale only, never the workload; read one`,
  })),
  {
    apiGroup: 'apps',
    resource: 'deployments',
    verbs: ['list'],
    scope: 'cluster',
    reason: 'replicas of many targets in a namespace in one LIST, not a GET /scale each',
  },
  ...(['statefulsets', 'replicasets'] as const).map((plural): Permission => ({
    apiGroup: 'apps',
    resource: plural,
    verbs: ['list'],
    scope: 'cluster',
    reason: `replicas of many ${plural} in a namespace in one LIST, not a GET /scale each`,
  })),
  {
    apiGroup: 'autoscaling',
    resource: 'horizontalpodautoscalers',
    verbs: ['list'],
    scope: 'cluster',
    reason: 'conflicts: leave alone a workload that an HPA also scales',
  },
  {
    apiGroup: 'keda.sh',
    resource: 'scaledobjects',
    verbs: ['list'],
    scope: 'cluster',
    reason: 'conflicts: leave alone a workload that a KEDA ScaledObject also scales',
  },
  {
    apiGroup: '',
    resource: 'events',
    verbs: ['create'],
    scope: { namespaceSetting: 'EVENTS_NAMESPACE' },
    reason: 'events about BusinessScalings (rescale, failure, conflict)',
  },
  {
    apiGroup: '',
    resource: 'secrets',
    verbs: ['get'],
    scope: { namespaceSetting: 'SECRETS_NAMESPACES' },
    reason: 'metric auth (secretKeyRef headers, client TLS): get by name, never list',
  },
  {
    apiGroup: 'coordination.k8s.io',
    resource: 'leases',
    verbs: ['get', 'list', 'create', 'update'],
    scope: { namespaceSetting: 'LEASE_NAMESPACE' },
    reason:
      'one run per shard at a time: take and renew the shard lease; list: no run of another ' +
      'shard count may hold one at the same time',
  },
  {
    apiGroup: 'discovery.k8s.io',
    resource: 'endpointslices',
    verbs: ['list'],
    scope: { namespaceSetting: 'ENDPOINTS_NAMESPACES' },
    reason: 'http.fromServiceEndpoints: the ready endpoints of a Service, each read and aggregated',
  },
];

export const settingOf = (p: Permission): NamespaceSetting | undefined =>
  p.scope === 'cluster' ? undefined : p.scope.namespaceSetting;

/** Namespace settings in table order, each once. */
export const namespaceSettings = (table: readonly Permission[] = PERMISSIONS) => [
  ...new Set(table.map(settingOf).filter((s): s is NamespaceSetting => s !== undefined)),
];

/** `EVENTS_NAMESPACE` → `events`, `SECRETS_NAMESPACES` → `secrets`, `ENDPOINTS_NAMESPACES` → `endpoints`. */
export const shortName = (s: NamespaceSetting): string =>
  s.toLowerCase().replace(/_namespaces?$/, '');
