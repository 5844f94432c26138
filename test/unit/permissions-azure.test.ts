/**
 * The Azure side of lib/permissions/table.ts: the generated data actions are least privilege, and
 * the Bicep assigns the namespaced roles only at `<cluster id>/namespaces/<ns>` (tree-sitter-bicep).
 */
import { readFileSync } from 'node:fs';
import type Parser from 'web-tree-sitter';
import { AZURE_PERMISSIONS_PATH, type AzurePermissions } from '../../lib/permissions/azure.js';
import { namespaceSettings } from '../../lib/permissions/table.js';
import {
  descendants,
  loadParser,
  parseBicepFile,
  prop,
  resources,
  type Node,
} from '../support/bicep.js';

const committedAzure = (): AzurePermissions =>
  JSON.parse(readFileSync(AZURE_PERMISSIONS_PATH, 'utf8')) as AzurePermissions;

describe('least privilege, Azure RBAC', () => {
  const azure = committedAzure();
  const everyAction = [azure.cluster, ...azure.namespaced.map((r) => r.dataActions)].flat();

  it('no *, no delete, no action other than read/write of a resource', () => {
    expect(everyAction.filter((a) => a.includes('*'))).toEqual([]);
    expect(everyAction.filter((a) => !/\/(read|write)$/.test(a))).toEqual([]);
  });

  it('Secrets are read only through the role of SECRETS_NAMESPACES, nothing else in it', () => {
    expect(azure.cluster.filter((a) => /\/secrets\//.test(a))).toEqual([]);
    const withSecrets = azure.namespaced.filter((r) =>
      r.dataActions.some((a) => a.includes('/secrets/')),
    );
    expect(withSecrets).toEqual([
      {
        name: 'secrets',
        setting: 'SECRETS_NAMESPACES',
        dataActions: ['Microsoft.ContainerService/managedClusters/secrets/read'],
      },
    ]);
  });
});

describe('Bicep: the roles load the generated actions; namespaced roles only at namespace scope', () => {
  let parser: Parser;
  const file = (f: string): Node => parseBicepFile(parser, f);
  beforeAll(async () => {
    parser = await loadParser();
  });

  it('aks-role.bicep: cluster role ← permissions.cluster, one role per permissions.namespaced', () => {
    const root = file('infra/app/aks-role.bicep');
    expect(root.text).toContain("loadJsonContent('aks-permissions.json')");
    const roles = resources(root).filter((r) =>
      r.type.startsWith('Microsoft.Authorization/roleDefinitions@'),
    );
    const dataActions = roles.map(
      (r) => prop(prop(r.body, 'properties.permissions')?.namedChildren[0], 'dataActions')?.text,
    );
    expect(dataActions).toEqual(['permissions.cluster', 'r.dataActions']);
    expect(roles[1]!.body?.parent?.text).toMatch(/^\[\s*for r in permissions\.namespaced:/);
    for (const r of roles) {
      expect(prop(r.body, 'properties.permissions')?.namedChildren[0]?.text).toMatch(
        /actions: \[\]\s+notActions: \[\]/,
      );
    }
  });

  it('aks-access.bicep: the namespaced roles are assigned at managedClusters/namespaces scope only', () => {
    const root = file('infra/app/aks-access.bicep');
    const all = resources(root);
    const scopes = all.find((r) => r.symbol === 'namespaceScopes')!;
    expect(scopes.type).toMatch(/^Microsoft\.ContainerService\/managedClusters\/namespaces@/);
    expect(scopes.existing).toBe(true);
    expect(prop(scopes.body, 'parent')?.text).toBe('aks');
    expect(prop(scopes.body, 'name')?.text).toBe('g.namespace');
    const assignments = all.filter((r) =>
      r.type.startsWith('Microsoft.Authorization/roleAssignments@'),
    );
    const byRole = new Map(
      assignments.map((r) => [
        prop(r.body, 'properties.roleDefinitionId')?.text,
        prop(r.body, 'scope')?.text,
      ]),
    );
    expect(byRole.get('g.roleId')).toBe('namespaceScopes[i]');
    expect(byRole.get('customRoleId')).toBe('aks');
    // grants pairs each namespaced role only with the namespaces of its own setting
    const grants = descendants(root).find(
      (n) => n.type === 'variable_declaration' && n.namedChildren[0]?.text === 'grants',
    );
    expect(grants?.text.replace(/\s+/g, ' ')).toContain('map(namespaces[r.setting], ns =>');
  });

  it('main.bicep: every namespace setting is an app setting and feeds the assignments', () => {
    const root = file('infra/main.bicep');
    const namespaces = descendants(root).find(
      (n) => n.type === 'variable_declaration' && n.namedChildren[0]?.text === 'namespaces',
    );
    const keys = namespaces?.namedChildren
      .at(-1)
      ?.namedChildren.filter((c) => c.type === 'object_property')
      .map((c) => c.namedChildren[0]?.text);
    expect(keys?.sort()).toEqual(namespaceSettings().sort());
    const appSettings = root.text.slice(root.text.indexOf('appSettings: {'));
    for (const s of namespaceSettings()) expect(appSettings).toMatch(new RegExp(`\\b${s}:`));
    expect(root.text).toMatch(
      /namespaceRoles: aksAzureRbac \? aksRole\.outputs\.namespaceRoles : \[\]/,
    );
  });
});
