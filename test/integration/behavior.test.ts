/**
 * Behavior and pause on a real kube-apiserver: the history lives in status (so it survives the
 * server's pruning and a fresh client per run), pause annotations hold the target.
 */
import { createDeployment, createScaling, getScaling } from '../../tools/admin.js';
import { describeIfCluster } from '../harness/controlPlane.js';
import { useOrdersWorld } from '../support/builders/ordersWorld.js';

const T0 = Date.parse('2026-11-25T10:00:00Z');

describeIfCluster('behavior and pause on a real API server', () => {
  const { cp, values, replicas, spec, ...world } = useOrdersWorld();
  const runAt = (secondsAfterT0: number) => world.runAt(new Date(T0 + secondsAfterT0 * 1000));

  it('rate limits and stabilization hold across runs through status alone', async () => {
    await createDeployment(cp(), 'shop', 'api', 2);
    await createScaling(cp(), { metadata: { name: 'api' }, spec: spec('api', { behavior: {} }) });
    values.set('api', 1000); // ceil(1000/100) = 10

    await runAt(0);
    // default scaleUp: max(Pods 2+4, Percent 2×2) = 6
    expect(await replicas('api')).toBe(6);
    const status = (await getScaling(cp(), 'api')).status;
    expect(status?.history?.scaleUpEvents).toEqual([{ time: T0 / 1000, change: 4 }]);
    expect(status?.limitedBy).toBe('ScaleUpLimit');

    await runAt(10);
    // our +4 ten seconds ago is inside the 15 s period → periodStart 2 → limit 6: no change
    expect(await replicas('api')).toBe(6);

    await runAt(16);
    // the +4 has left the period → periodStart 6 → max(10, 12) ≥ 10 → 10
    expect(await replicas('api')).toBe(10);

    values.set('api', 100); // ceil(100/100) = 1
    await runAt(60);
    // the 300 s down window still holds recommendations of 10
    expect(await replicas('api')).toBe(10);
    const after = (await getScaling(cp(), 'api')).status;
    expect(after?.limitedBy).toBe('ScaleDownStabilized');
    expect(after?.conditions?.find((c) => c.type === 'AbleToScale')?.reason).toBe(
      'ScaleDownStabilized',
    );

    await runAt(16 + 301);
    // every recommendation of 10 has left the window → down to 1 (Percent 100 allows it)
    expect(await replicas('api')).toBe(1);
  });

  it.each([
    // annotation, initial, want, Paused reason
    [{ 'scaling.example.com/paused-replicas': '3' }, 5, 3, 'PausedReplicas'],
    [{ 'scaling.example.com/paused': 'true' }, 5, 5, 'Paused'],
    [{ 'scaling.example.com/paused-scale-out': 'true' }, 5, 5, 'PausedScaleOut'],
  ])('pause %j: %i → %i replicas, Paused=True %s', async (annotations, initial, want, reason) => {
    const name = `p-${reason.toLowerCase()}`;
    await createDeployment(cp(), 'shop', name, initial);
    values.set(name, 1500); // would ask for 15
    await createScaling(cp(), { metadata: { name, annotations }, spec: spec(name) });
    await runAt(1000);
    expect(await replicas(name)).toBe(want);
    const paused = (await getScaling(cp(), name)).status?.conditions?.find(
      (c) => c.type === 'Paused',
    );
    expect(paused).toMatchObject({ status: 'True', reason });
  });
});
