/**
 * Shared set-up of the fault suite (test/integration/faults-*.test.ts): a real control plane,
 * the fault proxy in front of it, a metric server, and N workloads at 1 replica, each with a
 * BusinessScaling whose metric asks for 10 and whose scaleUp allows "+1 pod per 600 s". Runs
 * are fresh instances (new port, state from status only) at a clock that only moves forward.
 */
import { createKubePort, loadKubeConfig } from '../../lib/kube/client.js';
import type { ScalingObject } from '../../lib/kube/port.js';
import type { LeaseSpec } from '../../lib/lease/lock.js';
import type { RunReport } from '../../lib/reconcile/report.js';
import {
  admin,
  createDeployment,
  createScaling,
  getReplicas,
  getScaling,
} from '../../tools/admin.js';
import { json, startMetricServer, type MetricServer } from '../../tools/metricServer.js';
import { GROUP, PLURAL, VERSION } from '../../lib/spec/types.js';
import { useControlPlane, type ControlPlane } from '../harness/controlPlane.js';
import { setUpCluster } from './builders/cluster.js';
import { freshPort, runFresh } from './builders/runs.js';
import { startFaultProxy, type FaultProxy } from './faultProxy.js';
import { ordersSpec } from './ordersSpec.js';

export const T0 = Date.parse('2026-11-25T10:00:00Z');
/** The limit under test: one pod per 600 s. */
export const STEP = {
  stabilizationWindowSeconds: 0,
  policies: [{ type: 'Pods', value: 1, periodSeconds: 600 }],
};
/** Fast retries in tests: the same attempts and rules, shorter waits. */
export const TEST_RETRY = { baseMs: 20, capMs: 200, budgetMs: 3_000 };

export interface FaultRig {
  cp(): ControlPlane;
  proxy(): FaultProxy;
  metrics(): MetricServer;
  /** N workloads `<prefix>-<i>` in namespace `shop` at 1 replica, each with its BusinessScaling. */
  seed(prefix: string, n: number): Promise<string[]>;
  /** One run through the proxy, `seconds` after the test's start (the clock never goes back). */
  runAt(seconds: number): Promise<RunReport>;
  /** Unix seconds of the rig's clock `seconds` after the test's start. */
  unixAt(seconds: number): number;
  replicas(name: string): Promise<number>;
  status(name: string): Promise<ScalingObject['status']>;
  /** Sum of the recorded scale events: must cover every step the workload really took. */
  recorded(name: string): Promise<number>;
  /** A kubeconfig through the proxy (admin token). */
  kubeconfig(): string;
  /**
   * Writes a release record on the shard Lease, as an operator would: a run killed with the
   * API server (or SIGKILLed) could not release it, and the next run would wait for it to expire.
   */
  releaseLease(): Promise<void>;
  /** Deletes the test's BusinessScalings and moves the clock past every period. */
  finish(names: readonly string[]): Promise<void>;
}

export function useFaultRig(): FaultRig {
  const cp = useControlPlane();
  let proxy: FaultProxy | undefined;
  let metrics: MetricServer | undefined;
  let base = T0;
  beforeAll(async () => {
    metrics = await startMetricServer({ answer: () => json({ value: 1000 }) }); // ceil(1000/100) = 10
    proxy = await startFaultProxy(cp().server, Buffer.from(cp().caData, 'base64'));
    await setUpCluster(cp(), { namespaces: ['shop'], leaseNamespace: true });
  }, 60_000);
  afterEach(() => {
    if (proxy) proxy.rules.length = 0; // a failed test leaves no fault behind
  });
  afterAll(async () => {
    await proxy?.close();
    await metrics?.close();
  });
  const kubeconfig = () => proxy!.kubeconfig(cp().dir, cp().adminToken);
  const status = async (name: string) => (await getScaling(cp(), name)).status;
  return {
    cp,
    proxy: () => proxy!,
    metrics: () => metrics!,
    kubeconfig,
    async seed(prefix, n) {
      const names = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
      await Promise.all(
        names.map(async (name) => {
          await createDeployment(cp(), 'shop', name, 1);
          const spec = ordersSpec(metrics!.baseUrl, name, { behavior: { scaleUp: STEP } });
          await createScaling(cp(), { metadata: { name }, spec });
        }),
      );
      return names;
    },
    runAt(seconds) {
      const kube = createKubePort(loadKubeConfig({ kubeconfig: kubeconfig() }), {
        retry: TEST_RETRY,
      });
      return runFresh(cp(), { kube, now: new Date(base + seconds * 1000) });
    },
    unixAt: (seconds) => Math.floor(base / 1000) + seconds,
    async releaseLease() {
      const kube = freshPort(cp(), 'admin');
      const [ns, name] = ['business-scaling-system', 'business-scaler-shard-0-of-1'];
      const snap = await kube.getLease(ns, name);
      if (!snap?.spec.holderIdentity) return;
      const spec = { ...snap.spec, holderIdentity: '', leaseDurationSeconds: 1 } as LeaseSpec;
      await kube.updateLease(ns, name, snap.resourceVersion, spec);
    },
    replicas: async (name) => (await getReplicas(cp(), 'Deployment', 'shop', name)).spec,
    status,
    async recorded(name) {
      const h = (await status(name))?.history;
      const sum = (l: readonly { change: number }[] | undefined) =>
        (l ?? []).reduce((total, e) => total + e.change, 0);
      return sum(h?.scaleUpEvents) - sum(h?.scaleDownEvents);
    },
    async finish(names) {
      proxy!.rules.length = 0;
      const api = { group: GROUP, version: VERSION, plural: PLURAL };
      await Promise.all(
        names.map((name) => admin(cp()).custom.deleteClusterCustomObject({ ...api, name })),
      );
      base += 3_600_000;
    },
  };
}
