/**
 * Faults on `/scale`, after its record was written, on a real API server. A failed or lost
 * /scale keeps its record: its pending scale event counts as a step taken (the write may have
 * landed, or may still land), so the next runs take no second step within the period, and
 * nothing is erased. Every /scale carries the resourceVersion the decision read: an operator's
 * change between our read and our write is never overwritten (issue 20, case 6).
 */
import { parseSettings } from '../../lib/config.js';
import { writeLifetimeMs } from '../../lib/lease/writeBound.js';
import { admin } from '../../tools/admin.js';
import { describeIfCluster } from '../harness/controlPlane.js';
import { useFaultRig } from '../support/faultRig.js';

/** Past "+1 pod per 600 s", the default write lifetime and the default clock skew allowance. */
const settings = parseSettings({});
const AFTER = 600 + writeLifetimeMs(settings) / 1000 + settings.clockSkewSeconds + 1;

describeIfCluster('faults on /scale writes', () => {
  const rig = useFaultRig();

  /** An operator's `kubectl scale`, straight to the API server (not through the proxy). */
  async function scaleByHand(name: string, replicas: number) {
    const { apps } = admin(rig.cp());
    const d = await apps.readNamespacedDeployment({ namespace: 'shop', name });
    d.spec!.replicas = replicas;
    await apps.replaceNamespacedDeployment({ namespace: 'shop', name, body: d });
  }

  it('500 on every /scale for one run → FailedRescale; its steps count as taken, never twice', async () => {
    const names = await rig.seed('sc', 5);
    rig.proxy().rules.push({ kind: 'scale', fault: { status: 500 } });
    const faulty = await rig.runAt(0);
    expect(faulty.summary).toMatchObject({ seen: 5, scaled: 0, error: 5 });
    for (const r of faulty.resources)
      expect(r).toMatchObject({ action: 'error', reason: 'FailedRescale' });
    for (const n of names) {
      expect(await rig.replicas(n)).toBe(1);
      const s = await rig.status(n);
      expect(s?.intent).toMatchObject({ from: 1, replicas: 2 });
      expect(s?.history?.scaleUpEvents).toEqual([
        { time: rig.unixAt(0), change: 1, pending: true },
      ]);
      expect(s?.conditions?.find((c) => c.type === 'AbleToScale')).toMatchObject({
        status: 'False',
        reason: 'FailedUpdateScale',
      });
    }
    rig.proxy().rules.length = 0;
    expect((await rig.runAt(30)).summary).toMatchObject({ scaled: 0, error: 0 });
    for (const n of names) expect(await rig.replicas(n)).toBe(1);
    expect((await rig.runAt(AFTER)).summary).toMatchObject({ scaled: 5, error: 0 });
    for (const n of names) expect(await rig.replicas(n)).toBe(2);
    await rig.finish(names);
  });

  it('/scale and the status write after it both fail: the pending step stays, never erased', async () => {
    const [name] = await rig.seed('undo', 1);
    // The record (1st status write) passes; /scale fails; noting the failure (2nd) fails.
    rig.proxy().rules.push({ kind: 'scale', fault: { status: 500 } });
    const arrived = rig.proxy().next('scale');
    const run = rig.runAt(0);
    await arrived;
    rig.proxy().rules.push({ kind: 'status', fault: { status: 503 } });
    const faulty = await run;
    expect(faulty.resources[0]).toMatchObject({ action: 'error', reason: 'FailedRescale' });
    expect((await rig.status(name!))?.intent).toMatchObject({ from: 1, replicas: 2, change: 1 });
    rig.proxy().rules.length = 0;
    await rig.runAt(30);
    expect(await rig.replicas(name!)).toBe(1);
    expect(await rig.recorded(name!)).toBe(1);
    await rig.finish([name!]);
  });

  it('a confirmed step: recorded as done at the time its answer came, intent gone', async () => {
    const [name] = await rig.seed('done', 1);
    await rig.runAt(0);
    expect(await rig.replicas(name!)).toBe(2);
    const s = await rig.status(name!);
    expect(s?.intent).toBeUndefined();
    expect(s?.history?.scaleUpEvents).toEqual([{ time: rig.unixAt(0), change: 1 }]);
    // Case 3: set back by hand to `from`; the step really happened, so nothing is erased.
    await scaleByHand(name!, 1);
    await rig.runAt(30);
    expect(await rig.replicas(name!)).toBe(1);
    expect(await rig.recorded(name!)).toBe(1);
    await rig.finish([name!]);
  });

  // Case 6: the GET path (one target) and the LIST path (20 in one namespace).
  it.each([
    ['read with GET /scale', 'get', 1],
    ['read from a LIST', 'list', 20],
  ])(
    "an operator's 8 between our read (%s) and our write is not overwritten",
    async (_, prefix, n) => {
      const names = await rig.seed(prefix, n);
      const first = names[0]!;
      rig
        .proxy()
        .rules.push({ kind: 'scale', fault: { delayMs: 1500 }, times: 1, match: `/${first}/` });
      const arrived = rig.proxy().next('scale');
      const run = rig.runAt(0);
      await arrived;
      await scaleByHand(first, 8); // lands before our delayed PATCH reaches the API server
      const report = await run;
      expect(await rig.replicas(first)).toBe(8);
      // Decided again from the 8: "+1 per 600 s" with our pending step leaves it at 8.
      expect(report.resources.find((r) => r.name === first)).toMatchObject({ currentReplicas: 8 });
      await rig.finish(names);
    },
  );

  it.each([
    ['a dropped connection', 'drop', { reset: true as const }],
    ['429 with Retry-After: 1', 'busy', { status: 429, retryAfter: '1' }],
    ['a 1 s delay', 'slow', { delayMs: 1000 }],
  ])('%s on the first /scale is absorbed within the run', async (_label, prefix, fault) => {
    const [name] = await rig.seed(prefix, 1);
    rig.proxy().rules.push({ kind: 'scale', fault, times: 1 });
    const report = await rig.runAt(0);
    expect(report.resources[0]).toMatchObject({ action: 'scaled', desiredReplicas: 2 });
    expect(await rig.replicas(name!)).toBe(2);
    expect(await rig.recorded(name!)).toBe(1);
    await rig.finish([name!]);
  });
});
