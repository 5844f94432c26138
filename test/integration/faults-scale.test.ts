/**
 * Faults on `/scale`, after its record was written: the next run finds the intent unapplied
 * (target still at `from`) and removes its event, so a step that did not happen costs no limit.
 */
import { describeIfCluster } from '../harness/controlPlane.js';
import { useFaultRig } from '../support/faultRig.js';

describeIfCluster('faults on /scale writes', () => {
  const rig = useFaultRig();

  it('500 on every /scale for one run → FailedRescale, next run settles the intent, one step', async () => {
    const names = await rig.seed('sc', 5);
    rig.proxy().rules.push({ kind: 'scale', fault: { status: 500 } });
    const faulty = await rig.runAt(0);
    expect(faulty.summary).toMatchObject({ seen: 5, scaled: 0, error: 5 });
    for (const r of faulty.resources)
      expect(r).toMatchObject({ action: 'error', reason: 'FailedRescale' });
    for (const n of names) {
      expect(await rig.replicas(n)).toBe(1);
      const s = await rig.status(n);
      // The record stays (a failure may come after the server applied it): it may only make
      // the next step wait, and the next run sees the target still at `from`.
      expect(s?.intent).toMatchObject({ from: 1, replicas: 2 });
      expect(await rig.recorded(n)).toBe(1);
      expect(s?.conditions?.find((c) => c.type === 'AbleToScale')).toMatchObject({
        status: 'False',
        reason: 'FailedUpdateScale',
      });
    }
    rig.proxy().rules.length = 0;
    expect((await rig.runAt(30)).summary).toMatchObject({ scaled: 5, error: 0 });
    expect((await rig.runAt(60)).summary).toMatchObject({ scaled: 0, error: 0 });
    for (const n of names) {
      expect(await rig.replicas(n)).toBe(2);
      expect(await rig.recorded(n)).toBe(1);
    }
    await rig.finish(names);
  });

  it('/scale and the status write after it both fail: the next run settles it, one step', async () => {
    const [name] = await rig.seed('undo', 1);
    // The record (1st status write) passes; /scale fails; noting the failure (2nd) fails.
    rig.proxy().rules.push({ kind: 'scale', fault: { status: 500 } });
    const arrived = rig.proxy().next('scale');
    const run = rig.runAt(0);
    await arrived;
    rig.proxy().rules.push({ kind: 'status', fault: { status: 503 } });
    const faulty = await run;
    expect(faulty.resources[0]).toMatchObject({ action: 'error', reason: 'FailedRescale' });
    const s = await rig.status(name!);
    expect(s?.intent).toMatchObject({ from: 1, replicas: 2, change: 1 });
    expect(await rig.recorded(name!)).toBe(1); // recorded, not done: it may only make us wait
    rig.proxy().rules.length = 0;
    await rig.runAt(30);
    expect(await rig.replicas(name!)).toBe(2);
    expect((await rig.status(name!))?.history?.scaleUpEvents).toEqual([
      { time: rig.unixAt(30), change: 1 },
    ]);
    await rig.runAt(60);
    expect(await rig.replicas(name!)).toBe(2);
    await rig.finish([name!]);
  });

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
