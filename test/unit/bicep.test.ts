/**
 * The infrastructure, checked offline (CI has no Bicep CLI): every file parses with
 * tree-sitter-bicep, and the parsed trees have the resources, settings and role assignments
 * the deployment guide promises, with no key or secret anywhere.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type Parser from 'web-tree-sitter';
import { parse as parseYaml } from 'yaml';
import { WORKER_NODE_ARGUMENTS } from '../../bench/nodeArguments.js';
import { PACKAGE_DIR } from '../../scripts/package.js';
import {
  declarations,
  descendants,
  loadParser,
  parseBicep,
  parseBicepFile,
  prop,
  resources,
  stringValue,
  syntaxErrors,
  type Node,
  type Resource,
} from '../support/bicep.js';

const INFRA = path.resolve('infra');
const FILES = [
  path.join(INFRA, 'main.bicep'),
  ...readdirSync(path.join(INFRA, 'app'))
    .filter((f) => f.endsWith('.bicep'))
    .map((f) => path.join(INFRA, 'app', f)),
];
const rel = (f: string) => path.relative(INFRA, f);

let parser: Parser;
let trees: Map<string, Node>;
let all: (Resource & { file: string })[];

beforeAll(async () => {
  parser = await loadParser();
  trees = new Map(FILES.map((f) => [rel(f), parseBicepFile(parser, f)]));
  all = [...trees].flatMap(([file, root]) => resources(root).map((r) => ({ ...r, file })));
});

const ofType = (prefix: string) =>
  all.filter((r) => r.type.startsWith(`${prefix}@`) && !r.existing);
const one = (prefix: string) => {
  const found = ofType(prefix);
  expect(found).toHaveLength(1);
  return found[0]!;
};
/** Code without `//` comments (comments may name what the code must not contain). */
const code = () =>
  FILES.map((f) => readFileSync(f, 'utf8').replace(/^\s*\/\/.*$/gm, '')).join('\n');

/** The role GUID of a role assignment, through `var` look-ups; `param:<name>` for a parameter. */
function roleOf(r: Resource & { file: string }): string {
  const expr = prop(r.body, 'properties.roleDefinitionId')?.text ?? '';
  const root = trees.get(r.file)!;
  const vars = new Map(
    root.namedChildren
      .filter((n) => n.type === 'variable_declaration')
      .map((n) => [n.namedChildren[0]!.text, n.namedChildren.at(-1)!]),
  );
  const ref = /roleDefinitions',\s*(\w+)(?:\.(\w+))?\s*\)/.exec(expr);
  if (!ref) return `param:${expr}`;
  const value = ref[2] ? prop(vars.get(ref[1]!), ref[2]) : vars.get(ref[1]!);
  return stringValue(value) ?? `unresolved:${expr}`;
}

describe('Bicep syntax (tree-sitter-bicep)', () => {
  it('finds the main template and its modules', () => {
    expect(FILES.map(rel).sort()).toEqual([
      'app/access.bicep',
      'app/aks-access.bicep',
      'app/aks-role.bicep',
      'app/function.bicep',
      'app/identity.bicep',
      'app/monitoring.bicep',
      'app/storage.bicep',
      'main.bicep',
    ]);
  });

  it.each(FILES.map(rel))('%s parses without syntax errors', (file) => {
    expect(syntaxErrors(trees.get(file)!)).toEqual([]);
  });

  it('the check itself catches a broken file', () => {
    const broken =
      "param aksName string\nresource aks 'Microsoft.ContainerService/managedClusters@2024-10-01' existing = {\n  name aksName\n}\n";
    expect(syntaxErrors(parseBicep(parser, broken))).not.toEqual([]);
  });

  it('every module path exists', () => {
    for (const [file, root] of trees) {
      for (const m of root.namedChildren.filter((n) => n.type === 'module_declaration')) {
        const target = stringValue(m.namedChildren.find((c) => c.type === 'string'))!;
        expect(existsSync(path.resolve(INFRA, path.dirname(file), target))).toBe(true);
      }
    }
  });
});

describe('Bicep content', () => {
  it.each(FILES.map(rel))(
    '%s: every param and output has @description; none is @secure',
    (file) => {
      const decls = declarations(trees.get(file)!);
      const undescribed = decls
        .filter((d) => !d.decorators.includes('description'))
        .map((d) => d.name);
      expect(undescribed).toEqual([]);
      expect(decls.filter((d) => d.kind === 'output' && d.decorators.includes('secure'))).toEqual(
        [],
      );
    },
  );

  it('no output carries a key, connection string or secret', () => {
    for (const root of trees.values()) {
      for (const d of declarations(root).filter((x) => x.kind === 'output')) {
        expect(d.node.text).not.toMatch(
          /connectionstring|key|secret|password|listKeys|instrumentation/i,
        );
      }
    }
  });

  it('no key anywhere: shared keys off, no listKeys, no AccountKey', () => {
    expect(code()).not.toMatch(/listKeys|AccountKey=|SharedAccessKey|primaryKey/i);
    const stg = one('Microsoft.Storage/storageAccounts');
    expect(prop(stg.body, 'properties.allowSharedKeyAccess')?.text).toBe('false');
    expect(prop(stg.body, 'properties.allowBlobPublicAccess')?.text).toBe('false');
    const appi = one('Microsoft.Insights/components');
    expect(prop(appi.body, 'properties.DisableLocalAuth')?.text).toBe('true');
  });

  it('Flex Consumption FC1 Linux plan and a Node 22 app on the user-assigned identity', () => {
    const plan = one('Microsoft.Web/serverfarms');
    expect(stringValue(prop(plan.body, 'sku.name'))).toBe('FC1');
    expect(stringValue(prop(plan.body, 'sku.tier'))).toBe('FlexConsumption');
    expect(prop(plan.body, 'properties.reserved')?.text).toBe('true');
    const site = one('Microsoft.Web/sites');
    expect(stringValue(prop(site.body, 'kind'))).toBe('functionapp,linux');
    expect(stringValue(prop(site.body, 'identity.type'))).toBe('UserAssigned');
    const runtime = 'properties.functionAppConfig.runtime';
    expect(stringValue(prop(site.body, `${runtime}.name`))).toBe('node');
    expect(stringValue(prop(site.body, `${runtime}.version`))).toBe('22');
    const storage = prop(site.body, 'properties.functionAppConfig.deployment.storage');
    expect(stringValue(prop(storage, 'type'))).toBe('blobContainer');
    expect(stringValue(prop(storage, 'authentication.type'))).toBe('UserAssignedIdentity');
    one('Microsoft.ManagedIdentity/userAssignedIdentities');
    one('Microsoft.OperationalInsights/workspaces');
  });

  it('the Node.js worker gets the heap flags the benches measure with (default instance)', () => {
    const settings = ofType('Microsoft.Web/sites/config')[0]!;
    const flags = descendants(settings.body!)
      .filter((n) => n.type === 'object_property')
      .find((n) => n.namedChildren[0]?.text === 'languageWorkers__node__arguments');
    const memory = /param instanceMemoryMB int = (\d+)/.exec(code())?.[1];
    const value = flags?.namedChildren[1]?.text.replace(/^'|'$/g, '');
    const atDefault = value?.replace('${instanceMemoryMB / 2}', String(Number(memory) / 2));
    expect(atDefault).toBe(WORKER_NODE_ARGUMENTS);
  });

  it('identity-based AzureWebJobsStorage; no settings that Flex rejects', () => {
    const settings = ofType('Microsoft.Web/sites/config')[0]!;
    const text = descendants(settings.body!)
      .map((n) => n.text)
      .join('\n');
    expect(text).toMatch(/AzureWebJobsStorage__credential: 'managedidentity'/);
    expect(text).toMatch(/AzureWebJobsStorage__clientId:/);
    expect(text).toMatch(/AZURE_CLIENT_ID:/);
    const all = code();
    for (const banned of [
      'FUNCTIONS_WORKER_RUNTIME:',
      'WEBSITE_RUN_FROM_PACKAGE',
      'WEBSITE_CONTENT',
      'linuxFxVersion',
      'AzureWebJobsStorage:',
    ]) {
      expect(all).not.toContain(banned);
    }
  });

  it('role assignments: storage blob owner, metrics publisher, AKS cluster user, custom roles, queues, history', () => {
    const assigned = ofType('Microsoft.Authorization/roleAssignments').map(roleOf);
    expect(assigned.sort()).toEqual(
      [
        '3913510d-42f4-4e42-8a64-420c390055eb', // Monitoring Metrics Publisher (App Insights)
        '4abbcc35-e782-43d8-92c5-2d3f1bd2253f', // AKS Cluster User (listClusterUserCredential)
        'b7e6dc6d-f1e8-4753-8033-0f276bb0955b', // Storage Blob Data Owner (host storage)
        'param:customRoleId', // the cluster-wide business-scaler role, on Azure-RBAC clusters
        'param:g.roleId', // the namespaced business-scaler roles, at <cluster>/namespaces/<ns>
        '974c5e8b-45b9-4653-ba55-5f855dd0fb88', // Storage Queue Data Contributor (work queues)
        'ba92f5b4-2d11-453d-a403-e96b0029c9fe', // Storage Blob Data Contributor (history container)
      ].sort(),
    );
    for (const r of ofType('Microsoft.Authorization/roleAssignments')) {
      expect(stringValue(prop(r.body, 'properties.principalType'))).toBe('ServicePrincipal');
      expect(prop(r.body, 'name')?.text).toMatch(/^guid\(/);
    }
  });

  it('fan-out: the work queue and its poison queue, the queue role on those two queues only', () => {
    const storage = trees.get('app/storage.bicep')!;
    const queues = resources(storage).filter((r) =>
      r.type.startsWith('Microsoft.Storage/storageAccounts/queueServices/queues@'),
    );
    expect(queues.map((q) => stringValue(prop(q.body, 'name')))).toEqual([
      'workQueue',
      '${workQueue}-poison',
    ]);
    const [assignment] = ofType('Microsoft.Authorization/roleAssignments').filter(
      (r) => roleOf(r) === '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
    );
    // Scoped to each queue (an `existing` queues resource), never the account or queue service.
    expect(prop(assignment!.body, 'scope')?.text).toBe('workQueues[i]');
    const access = resources(trees.get('app/access.bicep')!);
    const target = access.find((r) => r.symbol === 'workQueues')!;
    expect(target.type).toBe('Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01');
    expect(target.existing).toBe(true);
  });

  it('fan-out settings: identity-based WorkQueue connection and the FANOUT settings', () => {
    const settings = ofType('Microsoft.Web/sites/config')[0]!;
    const text = descendants(settings.body!)
      .map((n) => n.text)
      .join('\n');
    expect(text).toMatch(/WorkQueue__queueServiceUri: queueServiceUri/);
    expect(text).toMatch(/WorkQueue__credential: 'managedidentity'/);
    expect(text).toMatch(/WorkQueue__clientId: identityClientId/);
    const main = trees.get('main.bicep')!.text;
    for (const name of ['FANOUT', 'WORK_QUEUE', 'WORK_MESSAGE_TTL_SECONDS']) {
      expect(main).toMatch(new RegExp(`^\\s+${name}: `, 'm'));
    }
    expect(code()).not.toMatch(/WorkQueue:|WorkQueue__connectionString/);
  });

  it('history store: its container, the blob role on it only, the identity-based settings', () => {
    const storage = trees.get('app/storage.bicep')!;
    const containers = resources(storage).filter((r) =>
      r.type.startsWith('Microsoft.Storage/storageAccounts/blobServices/containers@'),
    );
    expect(containers.map((c) => prop(c.body, 'name')?.text)).toEqual([
      'deploymentContainer',
      'historyContainer',
    ]);
    const [assignment, ...more] = ofType('Microsoft.Authorization/roleAssignments').filter(
      (r) => roleOf(r) === 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
    );
    expect(more).toEqual([]);
    // Scoped to the history container (an `existing` one), never the account or blob service.
    expect(prop(assignment!.body, 'scope')?.text).toBe('history');
    const target = resources(trees.get('app/access.bicep')!).find((r) => r.symbol === 'history')!;
    expect(target.type).toBe(
      'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01',
    );
    expect(target.existing).toBe(true);
    const settings = ofType('Microsoft.Web/sites/config')[0]!;
    const text = descendants(settings.body!)
      .map((n) => n.text)
      .join('\n');
    expect(text).toMatch(/HistoryStore__blobServiceUri: blobServiceUri/);
    expect(text).toMatch(/HistoryStore__credential: 'managedidentity'/);
    expect(text).toMatch(/HistoryStore__clientId: identityClientId/);
    expect(trees.get('main.bicep')!.text).toMatch(/^\s+HISTORY_CONTAINER: historyContainer$/m);
    expect(code()).not.toMatch(/HistoryStore:|HistoryStore__connectionString/);
  });

  it('the custom AKS roles load the generated data actions and have no actions', () => {
    // What the data actions are is tested against lib/permissions/table.ts in permissions.test.ts.
    const roles = ofType('Microsoft.Authorization/roleDefinitions');
    expect(roles.map((r) => r.symbol)).toEqual(['role', 'namespaceRoles']);
    for (const role of roles) {
      const permissions = prop(role.body, 'properties.permissions')!.namedChildren[0];
      const list = (key: string) => prop(permissions, key)!.namedChildren.map((n) => n.text);
      expect(list('actions')).toEqual([]);
      expect(list('notActions')).toEqual([]);
      expect(prop(permissions, 'dataActions')?.text).toMatch(
        /^(permissions\.cluster|r\.dataActions)$/,
      );
    }
  });

  it("AKS access is a module per cluster, scoped to the cluster's own resource group", () => {
    const main = trees.get('main.bicep')!;
    const access = main.namedChildren.find(
      (n) => n.type === 'module_declaration' && n.text.includes("'app/aks-access.bicep'"),
    )!;
    expect(access.text).toMatch(/for \(id, i\) in clusterIds/);
    expect(access.text).toMatch(
      /scope: resourceGroup\(split\(id, '\/'\)\[2\], split\(id, '\/'\)\[4\]\)/,
    );
    const outputs = declarations(main)
      .filter((d) => d.kind === 'output')
      .map((d) => d.name);
    expect(outputs).toContain('identityPrincipalId');
  });
});

describe('azure.yaml and main.parameters.json', () => {
  it('azd deploys one Functions service from the bundle', () => {
    const azd = parseYaml(readFileSync('azure.yaml', 'utf8')) as {
      services: Record<string, { host: string; language: string; dist?: string }>;
    };
    expect(azd.services.scaler).toMatchObject({
      host: 'function',
      language: 'js',
      dist: PACKAGE_DIR, // the folder `npm run build:bundle` writes (scripts/package.ts)
    });
  });

  it('every parameter in main.parameters.json is a param of main.bicep', () => {
    const file = JSON.parse(readFileSync('infra/main.parameters.json', 'utf8')) as {
      parameters: object;
    };
    const params = declarations(trees.get('main.bicep')!)
      .filter((d) => d.kind === 'param')
      .map((d) => d.name);
    for (const name of Object.keys(file.parameters)) expect(params).toContain(name);
  });
});
