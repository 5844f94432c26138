/**
 * One permission table (lib/permissions/table.ts), three generated artifacts: crds/rbac.yaml, the
 * Azure RBAC data actions that infra/app/aks-role.bicep loads, and the table in docs/settings.md. Each test
 * here fails when an artifact drifts from the table (fix: `npm run crd`), or when a generated
 * right is wider than least privilege allows (Azure side: permissions-azure.test.ts).
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { DEFAULTS } from '../../lib/config.js';
import {
  AZURE_PERMISSIONS_PATH,
  azurePermissions,
  dataActionsOf,
  type AzurePermissions,
} from '../../lib/permissions/azure.js';
import { RBAC_PATH, renderRbacYaml } from '../../lib/permissions/rbac.js';
import { permissionRows, readmePermissionCells } from '../../lib/permissions/readme.js';
import {
  NAMESPACE_DEFAULTS,
  PERMISSIONS,
  settingOf,
  type Permission,
} from '../../lib/permissions/table.js';

const committedAzure = (): AzurePermissions =>
  JSON.parse(readFileSync(AZURE_PERMISSIONS_PATH, 'utf8')) as AzurePermissions;

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}
interface RbacDoc {
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: Rule[];
}
const rbacDocs = () =>
  parseAllDocuments(readFileSync(RBAC_PATH, 'utf8')).map((d) => d.toJS() as RbacDoc);

describe('generated artifacts equal the table (run `npm run crd` after changing it)', () => {
  it('crds/rbac.yaml', () => {
    expect(readFileSync(RBAC_PATH, 'utf8')).toBe(renderRbacYaml());
  });

  it('infra/app/aks-permissions.json (the data actions aks-role.bicep loads)', () => {
    expect(committedAzure()).toEqual(azurePermissions());
  });

  it('the permissions table in docs/settings.md', () => {
    expect(readmePermissionCells(readFileSync('docs/settings.md', 'utf8'))?.slice(1)).toEqual(
      permissionRows(),
    );
  });

  it('a drift is seen: one verb more in the table changes rbac.yaml and the Azure role', () => {
    const wider: Permission[] = PERMISSIONS.map((p) =>
      p.resource === 'horizontalpodautoscalers' ? { ...p, verbs: ['list', 'patch'] } : p,
    );
    expect(renderRbacYaml(wider)).not.toBe(renderRbacYaml());
    expect(azurePermissions(wider)).not.toEqual(azurePermissions());
  });
});

describe('Kubernetes rules → AKS data actions', () => {
  const row = (apiGroup: string, resource: string, verbs: Permission['verbs']): Permission => ({
    apiGroup,
    resource,
    verbs,
    scope: 'cluster',
    reason: '',
  });
  const A = 'Microsoft.ContainerService/managedClusters';
  it.each<[string, Permission, string[]]>([
    ['core group: no group segment', row('', 'secrets', ['get']), [`${A}/secrets/read`]],
    ['create is write', row('', 'events', ['create']), [`${A}/events/write`]],
    [
      'a subresource is checked on its parent',
      row('apps', 'deployments/scale', ['get', 'patch']),
      [`${A}/apps/deployments/read`, `${A}/apps/deployments/write`],
    ],
    [
      'a custom resource is customresources',
      row('example.com', 'businessscalings/status', ['patch']),
      [`${A}/customresources/write`],
    ],
    ['list is read', row('keda.sh', 'scaledobjects', ['list']), [`${A}/customresources/read`]],
    [
      'get, create, update of leases',
      row('coordination.k8s.io', 'leases', ['get', 'create', 'update']),
      [`${A}/coordination.k8s.io/leases/read`, `${A}/coordination.k8s.io/leases/write`],
    ],
  ])('%s', (_name, permission, expected) => {
    expect(dataActionsOf(permission)).toEqual(expected);
  });
});

describe('the table', () => {
  it("namespace defaults are lib/config.ts's defaults", () => {
    expect(NAMESPACE_DEFAULTS.EVENTS_NAMESPACE).toEqual([DEFAULTS.eventsNamespace]);
    expect(NAMESPACE_DEFAULTS.SECRETS_NAMESPACES).toEqual(DEFAULTS.secretsNamespaces);
  });

  it('grants every right a run uses today, leases included', () => {
    const rights = PERMISSIONS.flatMap((p) =>
      p.verbs.map((v) => `${v} ${p.apiGroup}/${p.resource}`),
    ).sort();
    expect(rights).toEqual(
      [
        'get example.com/businessscalings', // re-read after a 409
        'list example.com/businessscalings',
        'patch example.com/businessscalings/status',
        'get apps/deployments/scale',
        'patch apps/deployments/scale',
        'get apps/statefulsets/scale',
        'patch apps/statefulsets/scale',
        'get apps/replicasets/scale',
        'patch apps/replicasets/scale',
        'list apps/deployments', // replicas of many targets in one LIST (lib/scales)
        'list apps/statefulsets',
        'list apps/replicasets',
        'list autoscaling/horizontalpodautoscalers',
        'list keda.sh/scaledobjects',
        'create /events',
        'get /secrets',
        'get coordination.k8s.io/leases',
        'list coordination.k8s.io/leases', // no run of another shard count at once
        'create coordination.k8s.io/leases',
        'update coordination.k8s.io/leases',
        'list discovery.k8s.io/endpointslices', // http.fromServiceEndpoints
      ].sort(),
    );
  });
});

describe('least privilege, Kubernetes RBAC (crds/rbac.yaml)', () => {
  const rules = (kind: string) =>
    rbacDocs()
      .filter((d) => d.kind === kind)
      .flatMap((d) => (d.rules ?? []).map((r) => ({ ...r, namespace: d.metadata.namespace })));

  it('no delete, no watch, no wildcard, no events.k8s.io', () => {
    const all = [...rules('ClusterRole'), ...rules('Role')];
    // a namespaced row without default namespaces (ENDPOINTS_NAMESPACES: none) has no Role
    const placed = PERMISSIONS.filter((p) => {
      const setting = settingOf(p);
      return setting === undefined || NAMESPACE_DEFAULTS[setting].length > 0;
    });
    expect(all.length).toBe(placed.length);
    for (const r of all) {
      expect(
        r.verbs.filter((v) => ['delete', 'deletecollection', 'watch', '*'].includes(v)),
      ).toEqual([]);
      expect([...r.apiGroups, ...r.resources].filter((x) => x.includes('*'))).toEqual([]);
      expect(r.apiGroups).not.toContain('events.k8s.io');
    }
  });

  it('Secrets: get only, only in a Role in the SECRETS_NAMESPACES default', () => {
    expect(rules('ClusterRole').filter((r) => r.resources.includes('secrets'))).toEqual([]);
    const secrets = rules('Role').filter((r) => r.resources.includes('secrets'));
    expect(secrets.map((r) => [r.namespace, r.verbs])).toEqual([
      ['business-scaling-system', ['get']],
    ]);
  });
});
