/**
 * AKS access without a kubeconfig, against a REAL kube-apiserver with token authentication:
 * the client-node authenticator fed by a TokenCredential (rotation mid-run, refresh after a
 * 401), @azure/identity's ManagedIdentityCredential against a local identity endpoint, and the
 * API server + CA from a local fake of ARM's listClusterUserCredential.
 */
import { createAppRuntime, runApp, type AppRuntime } from '../../lib/app/runtime.js';
import { AKS_SCOPE } from '../../lib/azure/token.js';
import { parseSettings } from '../../lib/config.js';
import type { FleetReport } from '../../lib/fleet/fleet.js';
import { createAksKubePort } from '../../lib/kube/aks.js';
import { KubeApiError } from '../../lib/kube/port.js';
import { RUN_ANNOTATION } from '../../lib/lease/shardLease.js';
import { admin, createDeployment, createScaling, getReplicas } from '../../tools/admin.js';
import { startControlPlane, type ControlPlane } from '../../tools/controlPlane.js';
import { startMetricServer, type MetricServer } from '../../tools/metricServer.js';
import { ScriptedCredential, startFakeArm, startIdentityEndpoint } from '../support/azureFakes.js';
import { describeIfCluster } from '../harness/controlPlane.js';
import { setUpCluster } from '../support/builders/cluster.js';
import { countConnections } from '../support/connections.js';

const SUB = '00000000-1111-2222-3333-444444444444';
const CLUSTER_ID = `/subscriptions/${SUB}/resourceGroups/rg-east/providers/Microsoft.ContainerService/managedClusters/aks-east`;
const quiet = { info: () => {}, warn: () => {} };

describeIfCluster('AKS access with an Entra ID token (real API server)', () => {
  let cp: ControlPlane;
  let metrics: MetricServer;
  let onMetric: () => void = () => {};

  beforeAll(async () => {
    cp = (await startControlPlane({ extraTokens: [{ user: 'scaler' }] }))!;
    metrics = await startMetricServer({ value: () => (onMetric(), 1000) });
    await setUpCluster(cp, { namespaces: ['shop'], rbac: true });
    for (const name of ['a', 'b', 'c']) {
      await createDeployment(cp, 'shop', name, 2);
      await createScaling(cp, {
        metadata: { name },
        spec: {
          targetDeployment: name,
          targetNamespace: 'shop',
          metricSource: `${metrics.baseUrl}/${name}`,
          scaleThresholds: { minUsers: 100, maxUsers: 1000, minReplicas: 2, maxReplicas: 10 },
        },
      });
    }
  }, 90_000);
  afterAll(async () => {
    await metrics?.close();
    await cp?.stop();
  });

  const endpointSettings = (extra: Record<string, string> = {}) =>
    parseSettings({
      AKS_SERVER: cp.server,
      AKS_CA_DATA: cp.caData,
      METRIC_ALLOWED_NETWORKS: '127.0.0.0/8',
      ...extra,
    });
  const replicas = async () =>
    Promise.all(
      ['a', 'b', 'c'].map(async (n) => (await getReplicas(cp, 'Deployment', 'shop', n)).spec),
    );
  const setReplicas = async (n: number) => {
    for (const name of ['a', 'b', 'c']) {
      await admin(cp).apps.patchNamespacedDeploymentScale({
        name,
        namespace: 'shop',
        body: [{ op: 'replace', path: '/spec/replicas', value: n }],
      });
    }
  };

  it('rotates the token mid-run: the credential switches, no request fails', async () => {
    await setReplicas(2);
    const clock = { now: 1_000_000 };
    const [tokenA, tokenB] = [cp.scalerToken, cp.extraTokens[0]!];
    let current = tokenA;
    const credential = new ScriptedCredential(
      () => current,
      () => clock.now,
    );
    // The first metric read (after the LIST, before any PATCH) moves the clock past the
    // refresh point (expiry 60 min − margin 5 min) and the credential on to token B.
    onMetric = () => {
      if (current !== tokenA) return;
      current = tokenB;
      clock.now += 56 * 60_000;
    };
    const rt = createAppRuntime(endpointSettings(), {
      credential: () => Promise.resolve(credential),
      now: () => clock.now,
    });
    const { report } = await runApp(rt, quiet, {});
    onMetric = () => {};
    expect(report.summary).toMatchObject({ seen: 3, scaled: 3, error: 0 });
    expect(await replicas()).toEqual([10, 10, 10]);
    expect(credential.tokensFor(AKS_SCOPE)).toEqual([tokenA, tokenB]);
    // the AKS port passes the Lease's annotations through: the run recorded its time
    const lease = await admin(cp).objects.read({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'business-scaler-shard-0-of-1', namespace: 'business-scaling-system' },
    });
    expect(lease.metadata?.annotations?.[RUN_ANNOTATION]).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
    // next run: token B is cached and still good
    const again = await runApp(rt, quiet, { dryRun: true });
    expect(again.report.summary).toMatchObject({ seen: 3, error: 0 });
    expect(credential.tokensFor(AKS_SCOPE)).toEqual([tokenA, tokenB]);
  });

  it('on a 401 refreshes the token once and retries', async () => {
    const tokens = ['revoked-token', cp.scalerToken];
    const credential = new ScriptedCredential(() => tokens.shift() ?? 'none');
    const kube = createAksKubePort(
      { endpoint: { name: 'aks', server: cp.server, caData: cp.caData } },
      { credential: () => Promise.resolve(credential), armEndpoint: 'https://unused' },
    );
    expect(await kube.listScalings()).toHaveLength(3);
    expect(credential.tokensFor(AKS_SCOPE)).toEqual(['revoked-token', cp.scalerToken]);
  });

  it('shares one keep-alive pool: 50 calls open at most 2 connections, 1 token', async () => {
    const credential = new ScriptedCredential(() => cp.scalerToken);
    const kube = createAksKubePort(
      { endpoint: { name: 'aks', server: cp.server, caData: cp.caData } },
      { credential: () => Promise.resolve(credential), armEndpoint: 'https://unused' },
    );
    const opened = await countConnections(Number(new URL(cp.server).port), async () => {
      for (let i = 0; i < 50; i++) await kube.listScalings();
    });
    expect(opened).toBeLessThanOrEqual(2);
    expect(credential.tokensFor(AKS_SCOPE)).toEqual([cp.scalerToken]);
  });

  it('a second 401 is the error: exactly one refresh, no token in the message', async () => {
    const credential = new ScriptedCredential(() => 'revoked-token');
    const kube = createAksKubePort(
      { endpoint: { name: 'aks', server: cp.server, caData: cp.caData } },
      { credential: () => Promise.resolve(credential), armEndpoint: 'https://unused' },
    );
    const err = (await kube.listScalings().catch((e: unknown) => e)) as KubeApiError;
    expect(err).toBeInstanceOf(KubeApiError);
    expect(err.status).toBe(401);
    expect(err.message).toBe('LIST example.com/v1 businessscalings: 401 Unauthorized');
    expect(credential.calls).toHaveLength(2);
  });

  it('ManagedIdentityCredential (AZURE_CLIENT_ID) through a local $IDENTITY_ENDPOINT', async () => {
    const secret = 'identity-header-secret';
    const identity = await startIdentityEndpoint(secret, () => cp.scalerToken);
    const saved = { ...process.env };
    Object.assign(process.env, {
      IDENTITY_ENDPOINT: `${identity.url}/msi/token`,
      IDENTITY_HEADER: secret,
    });
    try {
      const rt = createAppRuntime(endpointSettings({ AZURE_CLIENT_ID: 'client-id-of-uami' }));
      const first = await runApp(rt, quiet, { dryRun: true });
      const second = await runApp(rt, quiet, { dryRun: true });
      expect([first.report.summary.seen, second.report.summary.seen]).toEqual([3, 3]);
      expect(identity.requests).toHaveLength(1); // cached by MSAL / our provider
      const url = new URL(identity.requests[0]!.line.split(' ')[1]!, identity.url);
      expect(url.pathname).toBe('/msi/token');
      expect(url.searchParams.get('resource')).toBe('6dae42f8-4368-4678-94ff-3960e28e3630');
      expect(url.searchParams.get('client_id')).toBe('client-id-of-uami');
    } finally {
      process.env = saved;
      await identity.close();
    }
  });

  it('API server + CA from ARM listClusterUserCredential, once per instance', async () => {
    const arm = await startFakeArm('arm-token', {
      [CLUSTER_ID.toLowerCase()]: { server: cp.server, caData: cp.caData },
    });
    try {
      const credential = new ScriptedCredential((scope) =>
        scope === AKS_SCOPE ? cp.scalerToken : 'arm-token',
      );
      const rt: AppRuntime = createAppRuntime(
        parseSettings({
          AKS_CLUSTERS: CLUSTER_ID,
          ARM_ENDPOINT: arm.url,
          METRIC_ALLOWED_NETWORKS: '127.0.0.0/8',
        }),
        { credential: () => Promise.resolve(credential) },
      );
      for (let i = 0; i < 2; i++) {
        const { report } = await runApp(rt, quiet, { dryRun: true });
        expect((report as FleetReport).clusters).toEqual([
          expect.objectContaining({ cluster: 'rg-east/aks-east', ok: true }),
        ]);
      }
      expect(arm.requests.map((r) => r.line)).toEqual([
        `POST ${CLUSTER_ID}/listClusterUserCredential?api-version=2024-10-01`,
      ]);
      expect(credential.calls.find((c) => c.token === 'arm-token')?.scope).toBe(
        `${arm.url}/.default`,
      );
    } finally {
      await arm.close();
    }
  });

  it('ARM refusing listClusterUserCredential is reported safely, and retried next run', async () => {
    const answers: Record<string, { server: string; caData: string } | number> = {
      [CLUSTER_ID.toLowerCase()]: 403,
    };
    const arm = await startFakeArm('arm-token', answers);
    try {
      const credential = new ScriptedCredential((s) =>
        s === AKS_SCOPE ? cp.scalerToken : 'arm-token',
      );
      const rt = createAppRuntime(
        parseSettings({
          AKS_CLUSTERS: CLUSTER_ID,
          ARM_ENDPOINT: arm.url,
          METRIC_ALLOWED_NETWORKS: '127.0.0.0/8',
        }),
        {
          credential: () => Promise.resolve(credential),
        },
      );
      const failed = (await runApp(rt, quiet, { dryRun: true })).report as FleetReport;
      expect(failed.clusters[0]).toEqual({
        cluster: 'rg-east/aks-east',
        ok: false,
        error: 'listClusterUserCredential rg-east/aks-east: 403 AuthorizationFailed',
      });
      expect(JSON.stringify(failed)).not.toContain('arm-token');
      answers[CLUSTER_ID.toLowerCase()] = { server: cp.server, caData: cp.caData };
      const ok = (await runApp(rt, quiet, { dryRun: true })).report as FleetReport;
      expect(ok.clusters[0]?.ok).toBe(true);
      expect(arm.requests).toHaveLength(2);
    } finally {
      await arm.close();
    }
  });
});
