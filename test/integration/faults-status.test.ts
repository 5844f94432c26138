/**
 * Faults on the status write (the record) through the fault proxy, on the real API server:
 * the issue-13 scenario, a real 409 from a stale resourceVersion, a reset and a 429.
 */
import { createKubePort, loadKubeConfig } from '../../lib/kube/client.js';
import { KubeApiError } from '../../lib/kube/port.js';
import { describeIfCluster } from '../harness/controlPlane.js';
import { useFaultRig } from '../support/faultRig.js';

describeIfCluster('faults on /status writes', () => {
  const rig = useFaultRig();
  const direct = () => createKubePort(loadKubeConfig({ kubeconfig: rig.cp().kubeconfig('admin') }));

  it('issue 13: 503 on every /status write for one run → 20 errors, no step; then one step each', async () => {
    const names = await rig.seed('st', 20);
    rig.proxy().rules.push({ kind: 'status', fault: { status: 503 } });
    const faulty = await rig.runAt(0);
    expect(faulty.summary).toMatchObject({ seen: 20, scaled: 0, error: 20 });
    for (const r of faulty.resources) {
      expect(r).toMatchObject({ action: 'error', reason: 'FailedUpdateStatus' });
    }
    // Bounded retries: 4 tries per record, never a /scale without one.
    const seen = rig.proxy().seen;
    expect(seen.filter((s) => s.kind === 'status')).toHaveLength(80);
    expect(seen.filter((s) => s.kind === 'scale')).toHaveLength(0);
    for (const n of names) expect(await rig.replicas(n)).toBe(1);

    rig.proxy().rules.length = 0;
    const next = await rig.runAt(30);
    expect(next.summary).toMatchObject({ scaled: 20, error: 0 });
    const again = await rig.runAt(60);
    expect(again.summary).toMatchObject({ scaled: 0, error: 0 });
    for (const n of names) {
      expect(await rig.replicas(n)).toBe(2); // one step of +1 per 600 s, never two
      expect(await rig.recorded(n)).toBe(1); // and it is in the history
    }
    await rig.finish(names);
  });

  it('the real API server answers 409 to a merge patch with a stale resourceVersion', async () => {
    const [name] = await rig.seed('rv', 1);
    const kube = direct();
    const obj = await kube.getScaling(name!);
    const rv = await kube.patchStatus(name!, { desiredReplicas: 1 }, obj.metadata.resourceVersion);
    expect(rv).not.toBe(obj.metadata.resourceVersion);
    const stale = kube.patchStatus(name!, { desiredReplicas: 2 }, obj.metadata.resourceVersion);
    await expect(stale).rejects.toMatchObject({ status: 409 });
    await expect(stale).rejects.toBeInstanceOf(KubeApiError);
    expect((await rig.status(name!))?.desiredReplicas).toBe(1);
    await rig.finish([name!]);
  });

  it('another run scales and records after our list: 409, re-read, and we wait (no second step)', async () => {
    const [name] = await rig.seed('race', 1);
    rig.proxy().rules.push({ kind: 'status', fault: { delayMs: 1500 }, times: 1 });
    const arrived = rig.proxy().next('status');
    const run = rig.runAt(0);
    await arrived;
    // The other run: its record (with its scale event), then its /scale, before ours lands.
    const kube = direct();
    const t = rig.unixAt(0);
    await kube.patchStatus(name!, {
      history: { recommendations: [], scaleUpEvents: [{ time: t, change: 1 }] },
    });
    await kube.patchScale(
      { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: name! },
      2,
    );
    const report = await run;
    expect(report.resources[0]).toMatchObject({ action: 'unchanged' });
    expect(await rig.replicas(name!)).toBe(2);
    expect(await rig.recorded(name!)).toBe(1);
    await rig.finish([name!]);
  });

  it.each([
    ['a connection reset', { reset: true as const }],
    ['429 with Retry-After: 1', { status: 429, retryAfter: '1' }],
  ])('%s on the first /status write is retried within the run', async (_name, fault) => {
    const [name] = await rig.seed('reset' in fault ? 'reset' : 'busy', 1);
    rig.proxy().rules.push({ kind: 'status', fault, times: 1 });
    const report = await rig.runAt(0);
    expect(report.resources[0]).toMatchObject({ action: 'scaled', desiredReplicas: 2 });
    expect(await rig.replicas(name!)).toBe(2);
    expect(await rig.recorded(name!)).toBe(1);
    await rig.finish([name!]);
  });
});
