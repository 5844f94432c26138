/**
 * deploy/ and infra/ set their settings from one table (lib/install/settings.ts), as crds/rbac.yaml
 * comes from lib/permissions/table.ts: a setting added to one home only fails here, saying where.
 * Also: the Deployment runs the image as the image was made (user, entrypoint, read-only root).
 */
import { readFileSync } from 'node:fs';
import type Parser from 'web-tree-sitter';
import { parse, parseAllDocuments } from 'yaml';
import { WORKER_NODE_ARGUMENTS } from '../../bench/nodeArguments.js';
import {
  clusterEnv,
  HEAP_FLAGS,
  INSTALL_SETTINGS,
  MEMORY_LIMIT,
} from '../../lib/install/settings.js';
import { ENTRY_PATH, IMAGE_UID, NODE_PATH } from '../../scripts/imageContext.js';
import { descendants, loadParser, parseBicepFile, prop } from '../support/bicep.js';

interface Container {
  image: string;
  args: string[];
  env: { name: string; value: string }[];
  resources: { limits: Record<string, string>; requests: Record<string, string> };
  livenessProbe: { exec: { command: string[] } };
  securityContext: { readOnlyRootFilesystem: boolean; allowPrivilegeEscalation: boolean };
  volumeMounts: { name: string; mountPath: string }[];
}
interface Deployment {
  metadata: { namespace: string };
  spec: {
    template: {
      spec: {
        serviceAccountName: string;
        terminationGracePeriodSeconds: number;
        securityContext: { runAsNonRoot: boolean; runAsUser: number };
        containers: Container[];
        volumes: { name: string; emptyDir?: object }[];
      };
    };
  };
}

const deployment = parse(readFileSync('deploy/deployment.yaml', 'utf8')) as Deployment;
const pod = deployment.spec.template.spec;
const container = pod.containers[0]!;

/** The app settings infra/main.bicep gives the app module, but the host's function switches. */
let functionsSettings: string[] = [];
let parser: Parser;
beforeAll(async () => {
  parser = await loadParser();
  const main = parseBicepFile(parser, 'infra/main.bicep');
  const app = main.namedChildren.find(
    (n) => n.type === 'module_declaration' && n.text.includes("'app/function.bicep'"),
  );
  const appObject = app && descendants(app).find((n) => n.type === 'object');
  functionsSettings = (prop(appObject, 'params.appSettings')?.namedChildren ?? [])
    .filter((c) => c.type === 'object_property')
    .map((c) => c.namedChildren[0]!.text.replace(/^'|'$/g, ''))
    .filter((name) => !name.startsWith('AzureWebJobs.'))
    .sort();
});

describe('one settings table for the Functions app and the Deployment', () => {
  it('the Deployment sets exactly the in-cluster rows, with their values, in table order', () => {
    const fix = 'deploy/deployment.yaml env must be, from lib/install/settings.ts:';
    expect({ [fix]: container.env }).toEqual({ [fix]: clusterEnv() });
  });

  it('infra/main.bicep sets exactly the Functions rows', () => {
    const rows = INSTALL_SETTINGS.filter((s) => s.functions).map((s) => s.name);
    expect(functionsSettings.length).toBeGreaterThan(3);
    const fix = 'app settings of infra/main.bicep vs functions rows of lib/install/settings.ts';
    expect({ [fix]: functionsSettings }).toEqual({ [fix]: [...rows].sort() });
  });

  it('every row is set by at least one home, and says why when not by the other', () => {
    for (const s of INSTALL_SETTINGS) {
      expect([s.name, s.functions || s.inCluster !== undefined]).toEqual([s.name, true]);
      expect(s.why.length).toBeGreaterThan(10);
    }
  });

  it('the heap flags are the Functions worker’s, sized for the memory limit', () => {
    expect(HEAP_FLAGS).toBe(WORKER_NODE_ARGUMENTS); // bicep.test.ts ties these to function.bicep
    const oldSpace = Number(/--max-old-space-size=(\d+)/.exec(HEAP_FLAGS)![1]);
    expect(container.resources.limits.memory).toBe(MEMORY_LIMIT);
    expect(`${oldSpace * 2}Mi`).toBe(MEMORY_LIMIT);
    expect(container.resources.requests.memory).toBe(MEMORY_LIMIT);
  });

  it('the check sees a drift: a value changed in the Deployment only', () => {
    const drifted = container.env.map((e) =>
      e.name === 'LEASE_NAMESPACE' ? { ...e, value: 'elsewhere' } : e,
    );
    expect(drifted).not.toEqual(clusterEnv());
  });
});

describe('the Deployment runs as crds/rbac.yaml and the image expect', () => {
  const rbac = parseAllDocuments(readFileSync('crds/rbac.yaml', 'utf8')).map(
    (d) => d.toJS() as { kind: string; metadata: { name: string; namespace?: string } },
  );

  it('as the ServiceAccount of crds/rbac.yaml, in its namespace', () => {
    const sa = rbac.find((d) => d.kind === 'ServiceAccount')!;
    expect([pod.serviceAccountName, deployment.metadata.namespace]).toEqual([
      sa.metadata.name,
      sa.metadata.namespace,
    ]);
  });

  it('non-root as the image user, read-only root, the reconcile loop every 30s', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: IMAGE_UID });
    expect(container.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
    expect(container.args.slice(0, 3)).toEqual(['reconcile', '--every', '30s']);
    const containerfile = readFileSync('Containerfile', 'utf8');
    expect(containerfile).toContain(`USER ${IMAGE_UID}:${IMAGE_UID}`);
    expect(containerfile).toContain(`ENTRYPOINT ["${NODE_PATH}", "${ENTRY_PATH}"]`);
  });

  it('the liveness probe reads the heartbeat file the loop writes, on a writable volume', () => {
    const file = container.args[container.args.indexOf('--heartbeat-file') + 1]!;
    const [probeNode, , script] = container.livenessProbe.exec.command;
    expect(probeNode).toBe(NODE_PATH);
    expect(script).toContain(`'${file}'`);
    const mount = container.volumeMounts.find((m) => file.startsWith(`${m.mountPath}/`));
    expect(pod.volumes.find((v) => v.name === mount?.name)?.emptyDir).toBeDefined();
  });
});
