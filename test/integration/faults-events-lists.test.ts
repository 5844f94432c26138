/** Faults on events (a warning, never an error) and on the list (the run fails, nothing written). */
import { describeIfCluster } from '../harness/controlPlane.js';
import { useFaultRig } from '../support/faultRig.js';

describeIfCluster('faults on events and lists', () => {
  const rig = useFaultRig();

  it('500 on every event: the step is taken and recorded, the run warns', async () => {
    const names = await rig.seed('ev', 3);
    rig.proxy().rules.push({ kind: 'event', fault: { status: 500 } });
    const report = await rig.runAt(0);
    expect(report.summary).toMatchObject({ scaled: 3, error: 0 });
    expect(report.warnings?.filter((w) => w.includes('could not write an event'))).toHaveLength(3);
    for (const n of names) {
      expect(await rig.replicas(n)).toBe(2);
      expect(await rig.recorded(n)).toBe(1);
    }
    await rig.finish(names);
  });

  it('503 on the list: the run fails and writes nothing; the next run converges', async () => {
    const names = await rig.seed('ls', 3);
    rig.proxy().rules.push({ kind: 'list', fault: { status: 503 } });
    const from = rig.proxy().seen.length;
    await expect(rig.runAt(0)).rejects.toMatchObject({ status: 503 });
    const kinds = new Set(['status', 'scale', 'event']);
    const writes = rig
      .proxy()
      .seen.slice(from)
      .filter((s) => kinds.has(s.kind));
    expect(writes).toEqual([]);
    rig.proxy().rules.length = 0;
    expect((await rig.runAt(30)).summary).toMatchObject({ scaled: 3, error: 0 });
    for (const n of names) expect(await rig.replicas(n)).toBe(2);
    await rig.finish(names);
  });

  it('slow answers (300 ms on every status, scale and event write) change nothing', async () => {
    const names = await rig.seed('slow', 3);
    for (const kind of ['status', 'scale', 'event'] as const) {
      rig.proxy().rules.push({ kind, fault: { delayMs: 300 } });
    }
    expect((await rig.runAt(0)).summary).toMatchObject({ scaled: 3, error: 0 });
    expect((await rig.runAt(30)).summary).toMatchObject({ scaled: 0, error: 0 });
    for (const n of names) expect(await rig.replicas(n)).toBe(2);
    await rig.finish(names);
  });
});
