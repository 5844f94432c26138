/**
 * A fleet of two REAL API servers reached like AKS clusters (endpoints from a local fake of
 * ARM, one Entra-style token accepted by both), plus a cluster whose ARM call is refused.
 * Cluster B is stopped in the middle of a run: its failures stay its own.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAppRuntime, runApp } from '../../lib/app/runtime.js';
import { AKS_SCOPE } from '../../lib/azure/token.js';
import { parseSettings } from '../../lib/config.js';
import type { FleetReport } from '../../lib/fleet/fleet.js';
import { createDeployment, createScaling, getReplicas } from '../../tools/admin.js';
import { startControlPlane, type ControlPlane } from '../../tools/controlPlane.js';
import { ScriptedCredential, startFakeArm, type FakeServer } from '../support/azureFakes.js';
import { describeIfCluster } from '../harness/controlPlane.js';
import { setUpCluster } from '../support/builders/cluster.js';

const TOKEN = 'fleet-token-accepted-by-both-clusters';
const SUB = '00000000-1111-2222-3333-444444444444';
const idOf = (name: string) =>
  `/subscriptions/${SUB}/resourceGroups/rg-fleet/providers/Microsoft.ContainerService/managedClusters/${name}`;

describeIfCluster('a fleet of real API servers', () => {
  let a: ControlPlane;
  let b: ControlPlane;
  let arm: FakeServer;
  let metrics: Server;
  let metricsUrl: string;
  /** Runs when cluster B's metric is read, before it is answered. */
  let onMetricB: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const options = { extraTokens: [{ user: 'scaler', token: TOKEN }] };
    [a, b] = (await Promise.all([startControlPlane(options), startControlPlane(options)])) as [
      ControlPlane,
      ControlPlane,
    ];
    metrics = createServer((req, res) => {
      const reply = () => res.writeHead(200).end(JSON.stringify({ active_users: 1000 }));
      if (req.url?.startsWith('/b/')) void onMetricB().then(reply);
      else reply();
    });
    await new Promise<void>((r) => metrics.listen(0, '127.0.0.1', r));
    metricsUrl = `http://127.0.0.1:${(metrics.address() as AddressInfo).port}`;
    for (const [cp, key] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      await setUpCluster(cp, { namespaces: ['shop'], rbac: true });
      await createDeployment(cp, 'shop', 'web', 2);
      await createScaling(cp, {
        metadata: { name: 'web' },
        spec: {
          targetDeployment: 'web',
          targetNamespace: 'shop',
          metricSource: `${metricsUrl}/${key}/users`,
          scaleThresholds: { minUsers: 100, maxUsers: 1000, minReplicas: 2, maxReplicas: 10 },
        },
      });
    }
    arm = await startFakeArm('arm-token', {
      [idOf('aks-a').toLowerCase()]: { server: a.server, caData: a.caData },
      [idOf('aks-b').toLowerCase()]: { server: b.server, caData: b.caData },
      [idOf('aks-denied').toLowerCase()]: 403,
    });
  }, 120_000);
  afterAll(async () => {
    await new Promise<void>((r) => (metrics?.closeAllConnections(), metrics?.close(() => r())));
    await arm?.close();
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('reconciles every cluster in parallel; one stopped mid-run affects only itself', async () => {
    const credential = new ScriptedCredential((s) => (s === AKS_SCOPE ? TOKEN : 'arm-token'));
    const settings = parseSettings({
      AKS_CLUSTERS: [idOf('aks-a'), idOf('aks-b'), idOf('aks-denied')].join(','),
      ARM_ENDPOINT: arm.url,
      METRIC_ALLOWED_NETWORKS: '127.0.0.0/8',
    });
    const rt = createAppRuntime(settings, { credential: () => Promise.resolve(credential) });
    const lines: string[] = [];
    const log = { info: (l: string) => lines.push(l), warn: (l: string) => lines.push(l) };

    // Run 1: B's list succeeds, then B goes down while its metric is being read.
    onMetricB = () => b.stop();
    const first = (await runApp(rt, log, {})).report as FleetReport;
    onMetricB = () => Promise.resolve();
    expect(first.clusters.map((c) => [c.cluster, c.ok])).toEqual([
      ['rg-fleet/aks-a', true],
      ['rg-fleet/aks-b', true],
      ['rg-fleet/aks-denied', false],
    ]);
    expect(first.clusters[2]?.error).toBe(
      'listClusterUserCredential rg-fleet/aks-denied: 403 AuthorizationFailed',
    );
    expect(first.resources.map((r) => [r.cluster, r.action])).toEqual([
      ['rg-fleet/aks-a', 'scaled'],
      ['rg-fleet/aks-b', 'error'],
    ]);
    expect(first.resources[1]?.message).toMatch(/network error|timed out/);
    expect((await getReplicas(a, 'Deployment', 'shop', 'web')).spec).toBe(10);

    // Run 2: B is down from the start: reported, A unaffected.
    const second = (await runApp(rt, log, { dryRun: true })).report as FleetReport;
    expect(second.clusters.map((c) => [c.cluster, c.ok])).toEqual([
      ['rg-fleet/aks-a', true],
      ['rg-fleet/aks-b', false],
      ['rg-fleet/aks-denied', false],
    ]);
    expect(second.clusters[1]?.error).toMatch(
      /^LIST example.com\/v1 businessscalings: network error \w+ \(API server https:\/\/127\.0\.0\.1:\d+\)$/,
    );
    expect(second.summary).toMatchObject({ seen: 1, unchanged: 1 });
    // A's endpoint stays cached; B's is looked up again after a failed LIST, once per run
    const armCalls = (cluster: string) =>
      arm.requests.filter((r) => r.line.includes(`/managedClusters/${cluster}/`)).length;
    expect([armCalls('aks-a'), armCalls('aks-b')]).toEqual([1, 1]);
    const third = (await runApp(rt, log, { dryRun: true })).report as FleetReport;
    expect(third.clusters[1]?.error).toMatch(/network error/);
    expect([armCalls('aks-a'), armCalls('aks-b')]).toEqual([1, 2]);
    expect(lines.join('\n')).not.toMatch(/arm-token|fleet-token/);
  });
});
