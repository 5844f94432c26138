/**
 * The image (Containerfile + scripts/imageContext.ts) built offline with podman, mounted, and its
 * entrypoint run with chroot as the Deployment would run it: non-root, read-only root filesystem,
 * the ServiceAccount token at the in-cluster mount path, against the real API server.
 */
import {
  chmodSync,
  chownSync,
  copyFileSync,
  readFileSync,
  mkdtempSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { buildCrd } from '../../lib/spec/schema.js';
import { IMAGE_UID } from '../../scripts/imageContext.js';
import { startMetricServer, type MetricServer } from '../../tools/metricServer.js';
import {
  admin,
  applyCrd,
  applyYamlFile,
  createDeployment,
  createNamespace,
  createScaling,
  getReplicas,
} from '../../tools/admin.js';
import { clusterSkipReason, useControlPlane } from '../harness/controlPlane.js';
import { describeUnless } from '../harness/skip.js';
import {
  buildImage,
  imageSkipReason,
  runEntrypoint,
  SERVICEACCOUNT_DIR,
  startEntrypoint,
  type BuiltImage,
} from '../support/image.js';

const NAMESPACE = 'business-scaling-system';
/** deploy/deployment.yaml's heartbeat file (its emptyDir is mounted on the parent dir). */
const HEARTBEAT = '/run/business-scaler/heartbeat';

/** The exec command of deploy/deployment.yaml's liveness probe. */
function livenessProbe(): string[] {
  const deployment = parse(readFileSync('deploy/deployment.yaml', 'utf8')) as {
    spec: {
      template: { spec: { containers: { livenessProbe: { exec: { command: string[] } } }[] } };
    };
  };
  return deployment.spec.template.spec.containers[0]!.livenessProbe.exec.command;
}

describeUnless(imageSkipReason() ?? clusterSkipReason(), 'the image, run from its mount', () => {
  const cp = useControlPlane();
  let image: BuiltImage;
  let metrics: MetricServer;
  let serviceAccount: string;

  beforeAll(async () => {
    image = await buildImage(process.cwd());
    process.stdout.write(`image: business-scaler:test ${image.size}\n`);
    metrics = await startMetricServer({ value: () => 1000 });
    await applyCrd(cp(), buildCrd());
    await applyYamlFile(cp(), 'crds/rbac.yaml'); // bound to the ServiceAccount, as shipped
    await createNamespace(cp(), 'shop');
    await createDeployment(cp(), 'shop', 'web', 1);
    await createScaling(cp(), {
      metadata: { name: 'web' },
      spec: {
        targetDeployment: 'web',
        targetNamespace: 'shop',
        metricSource: `${metrics.baseUrl}/users`,
        scaleThresholds: { minUsers: 100, maxUsers: 1000, minReplicas: 1, maxReplicas: 4 },
      },
    });
    // What the kubelet mounts: a TokenRequest token, the cluster CA and the namespace.
    const issued = await admin(cp()).core.createNamespacedServiceAccountToken({
      name: 'business-scaler',
      namespace: NAMESPACE,
      body: { spec: { audiences: [], expirationSeconds: 600 } },
    });
    const token = issued.status?.token;
    if (token === undefined) throw new Error('TokenRequest answered without a token');
    serviceAccount = mkdtempSync(path.join(os.tmpdir(), 'serviceaccount-'));
    writeFileSync(path.join(serviceAccount, 'token'), token);
    copyFileSync(cp().caFile, path.join(serviceAccount, 'ca.crt'));
    writeFileSync(path.join(serviceAccount, 'namespace'), NAMESPACE);
    // Readable by the image's user, as the kubelet makes it (mkdtemp gives 0700 to root).
    chmodSync(serviceAccount, 0o755);
  }, 300_000);
  afterAll(async () => {
    await metrics?.close();
    await image?.remove();
    if (serviceAccount) rmSync(serviceAccount, { recursive: true, force: true });
  });

  it('--version: Node.js 22 of the image starts with only the libraries copied in', async () => {
    const run = await runEntrypoint(image, ['--version'], {});
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^business-scaler \d+\.\d+\.\d+ \(node 22\.\d+\.\d+\)\n$/);
  });

  it('reconcile --once --dry-run in-cluster: the ServiceAccount token at its mount path', async () => {
    const server = new URL(cp().server);
    const env = {
      KUBERNETES_SERVICE_HOST: server.hostname,
      KUBERNETES_SERVICE_PORT: server.port,
      METRIC_ALLOWED_NETWORKS: '127.0.0.0/8',
    };
    const run = await runEntrypoint(
      image,
      ['reconcile', '--once', '--dry-run', '--output', 'json'],
      env,
      { [SERVICEACCOUNT_DIR]: serviceAccount },
    );
    expect(run.code === 0 ? 0 : run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      resources: { name: string; action: string; desiredReplicas?: number }[];
    };
    expect(report.resources.map((r) => [r.name, r.action])).toEqual([['web', 'scaled']]);
    expect((await getReplicas(cp(), 'Deployment', 'shop', 'web')).spec).toBe(1); // dry run
  });

  it('without the token mounted, it cannot start and says why (nothing in-cluster found)', async () => {
    const run = await runEntrypoint(image, ['reconcile', '--once', '--dry-run'], {});
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot start: No Kubernetes cluster configured');
  });

  it('the Deployment’s loop: heartbeat after each run, the liveness probe passes, then fails once it is old; SIGTERM stops it cleanly', async () => {
    const server = new URL(cp().server);
    const env = {
      KUBERNETES_SERVICE_HOST: server.hostname,
      KUBERNETES_SERVICE_PORT: server.port,
      METRIC_ALLOWED_NETWORKS: '127.0.0.0/8',
    };
    const heartbeat = mkdtempSync(path.join(os.tmpdir(), 'heartbeat-'));
    chownSync(heartbeat, IMAGE_UID, IMAGE_UID); // as the emptyDir, writable by the pod's user
    const args = ['reconcile', '--every', '500ms', '--dry-run', '--heartbeat-file', HEARTBEAT];
    const mounts = { [SERVICEACCOUNT_DIR]: serviceAccount, [path.dirname(HEARTBEAT)]: heartbeat };
    const loop = startEntrypoint(image, args, env, mounts);
    try {
      const runs = () => loop.stderr().match(/^reconciled 1 BusinessScaling /gm)?.length ?? 0;
      while (runs() < 2 && loop.child.exitCode === null)
        await new Promise((r) => setTimeout(r, 100));
      expect(runs() >= 2 ? 2 : loop.stderr()).toBe(2);
      const file = path.join(heartbeat, path.basename(HEARTBEAT));
      expect(Date.parse(readFileSync(file, 'utf8').trim())).not.toBeNaN();
      // deploy/deployment.yaml's liveness probe, run in the image: passes now, fails when old.
      const probe = () => runEntrypoint(image, [], env, mounts, livenessProbe());
      expect(await probe()).toMatchObject({ code: 0, stderr: '' });
      loop.child.kill('SIGSTOP'); // a loop that stopped running
      const old = new Date(Date.now() - 300_000);
      utimesSync(file, old, old);
      const failed = await probe();
      loop.child.kill('SIGCONT');
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/^no run ended for 30\d s/);
      loop.child.kill('SIGTERM');
      const ended = await loop.exited;
      expect(ended.code === 0 ? 0 : ended.stderr).toBe(0);
      expect(ended.stderr).toContain('stopping after the run in flight');
    } finally {
      loop.child.kill('SIGKILL');
      rmSync(heartbeat, { recursive: true, force: true });
    }
  });
});
