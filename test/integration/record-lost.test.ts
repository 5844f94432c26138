/**
 * Issue 20, case 7 on the real API server: one 503 on every /status write of the run that saw
 * a spike. The run record in the Lease carries the spike (lib/record/lost.ts), so the next runs
 * hold it for its whole scale-down window, not only the stored, lower recommendation.
 */
import { RECORD_ANNOTATION } from '../../lib/record/runMarker.js';
import { createKubePort, loadKubeConfig } from '../../lib/kube/client.js';
import { createDeployment, createScaling } from '../../tools/admin.js';
import { json, startMetricServer, type MetricServer } from '../../tools/metricServer.js';
import { describeIfCluster } from '../harness/controlPlane.js';
import { useFaultRig } from '../support/faultRig.js';
import { ordersSpec } from '../support/ordersSpec.js';

describeIfCluster('case 7: a failed status write at a spike', () => {
  const rig = useFaultRig();
  let metrics: MetricServer | undefined;
  let value = 0;
  beforeAll(async () => {
    metrics = await startMetricServer({ answer: () => json({ value }) });
  });
  afterAll(() => metrics?.close());

  it('the scale-down waits for the window after the spike run, not after the stored one', async () => {
    const name = 'spike';
    await createDeployment(rig.cp(), 'shop', name, 8);
    const behavior = { scaleDown: { stabilizationWindowSeconds: 60 } };
    await createScaling(rig.cp(), {
      metadata: { name },
      spec: ordersSpec(metrics!.baseUrl, name, { behavior }),
    });
    const wants = (replicas: number) => (value = 100 * replicas);
    wants(8);
    await rig.runAt(0);
    wants(3);
    await rig.runAt(30); // held at 8 by the window
    expect(await rig.replicas(name)).toBe(8);

    wants(8); // the spike, and every /status write of that run fails
    rig.proxy().rules.push({ kind: 'status', fault: { status: 503 } });
    const spike = await rig.runAt(100);
    expect(spike.resources[0]).toMatchObject({ action: 'error', reason: 'FailedUpdateStatus' });
    rig.proxy().rules.length = 0;
    const admin = createKubePort(loadKubeConfig({ kubeconfig: rig.cp().kubeconfig('admin') }));
    const lease = await admin.getLease('business-scaling-system', 'business-scaler-shard-0-of-1');
    const record: unknown = JSON.parse(lease?.annotations?.[RECORD_ANNOTATION] ?? '{}');
    expect(record).toMatchObject({ unvouched: [name], lost: [{ r: [rig.unixAt(100), 8] }] });

    wants(1);
    // Without the carried spike, 3 (seen through 109) would allow 8 → 3 here, 50 s early.
    await rig.runAt(110);
    expect(await rig.replicas(name)).toBe(8);
    expect((await rig.status(name))?.history?.recommendations).toContainEqual({
      time: rig.unixAt(100),
      replicas: 8,
    });
    await rig.runAt(159); // within 60 s of the spike run
    expect(await rig.replicas(name)).toBe(8);
    await rig.runAt(160);
    expect(await rig.replicas(name)).toBe(3); // 3, seen through 109, still holds
    await rig.finish([name]);
  });
});
