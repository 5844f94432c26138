/**
 * deploy/ as a user applies it: `kubectl apply --dry-run=server -k deploy/` against a real API
 * server that has the CRD and crds/rbac.yaml (which creates the namespace and ServiceAccount).
 * kubectl is the envtest assets' own (same version as the API server), so nothing else to install.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildCrd } from '../../lib/spec/schema.js';
import { applyCrd, applyYamlFile } from '../../tools/admin.js';
import { findAssets } from '../../tools/controlPlane.js';
import { clusterSkipReason, useControlPlane } from '../harness/controlPlane.js';
import { describeUnless } from '../harness/skip.js';

const run = promisify(execFile);
const kubectlOf = (dir: string | undefined) => (dir ? path.join(dir, 'kubectl') : '');
const kubectlSkip = (): string | undefined =>
  clusterSkipReason() ??
  (existsSync(kubectlOf(findAssets())) ? undefined : 'no kubectl in the envtest assets');

interface Applied {
  kind: string;
  metadata: { name: string; namespace: string; uid?: string };
  spec: { template: { spec: { containers: { image: string; imagePullPolicy?: string }[] } } };
}

describeUnless(kubectlSkip(), 'deploy/ on a real API server (server-side dry run)', () => {
  const cp = useControlPlane();
  const kubectl = async (args: string[], input?: string) => {
    const argv = ['--kubeconfig', cp().kubeconfig('admin'), ...args];
    const child = run(kubectlOf(findAssets()), argv, { maxBuffer: 8 << 20 });
    if (input !== undefined) child.child.stdin?.end(input);
    return child.then(
      ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({
        code: e.code ?? -1,
        stdout: e.stdout ?? '',
        stderr: e.stderr ?? '',
      }),
    );
  };

  beforeAll(async () => {
    await applyCrd(cp(), buildCrd());
    await applyYamlFile(cp(), 'crds/rbac.yaml');
  });

  it('kubectl apply -k deploy/ --dry-run=server: accepted, defaulted, not stored', async () => {
    const applied = await kubectl(['apply', '--dry-run=server', '-k', 'deploy/', '-o', 'json']);
    expect(applied.code === 0 ? 0 : applied.stderr).toBe(0);
    const obj = JSON.parse(applied.stdout) as Applied;
    expect([obj.kind, obj.metadata.namespace, obj.metadata.name]).toEqual([
      'Deployment',
      'business-scaling-system',
      'business-scaler',
    ]);
    const [container] = obj.spec.template.spec.containers;
    expect(container?.image).toBe('business-scaler:0.1.0'); // the kustomization's image
    expect(container?.imagePullPolicy).toBe('IfNotPresent'); // defaulted by the server
    const stored = await kubectl([
      'get',
      'deployments',
      '-n',
      'business-scaling-system',
      '-o',
      'name',
    ]);
    expect(stored).toMatchObject({ code: 0, stdout: '' });
  });

  it('the dry run does check: the server (not kubectl, --validate=false) refuses a bad field', async () => {
    const broken = readFileSync('deploy/deployment.yaml', 'utf8').replace(
      'readOnlyRootFilesystem: true',
      'readOnlyRootFilesystem: sometimes',
    );
    const applied = await kubectl(
      ['apply', '--dry-run=server', '--validate=false', '-f', '-'],
      broken,
    );
    expect(applied.code).not.toBe(0);
    expect(applied.stderr).toContain('readOnlyRootFilesystem');
  });
});
