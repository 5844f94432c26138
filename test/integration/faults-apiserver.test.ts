/**
 * kube-apiserver SIGKILLed in the middle of a run (between the records and their /scale), then
 * started again: the run's report is honest, no workload passes its limit, no step is lost from
 * the history, and the next run converges.
 */
import { parseSettings } from '../../lib/config.js';
import { writeLifetimeMs } from '../../lib/lease/writeBound.js';
import { describeIfCluster } from '../harness/controlPlane.js';
import { useFaultRig } from '../support/faultRig.js';

describeIfCluster('kube-apiserver killed during a run', () => {
  const rig = useFaultRig();

  it('killed between records and /scale, restarted: honest report, then one step each', async () => {
    const names = await rig.seed('down', 6);
    // /scale requests wait a moment at the proxy: the kill lands after the first records.
    rig.proxy().rules.push({ kind: 'scale', fault: { delayMs: 500 } });
    const arrived = rig.proxy().next('scale');
    const run = rig.runAt(0);
    await arrived;
    await rig.cp().killApiServer();
    const report = await run;
    await rig.cp().startApiServer();

    expect(report.summary.seen).toBe(6);
    for (const r of report.resources) {
      const replicas = await rig.replicas(r.name);
      expect(replicas).toBeLessThanOrEqual(2); // never past "+1 per 600 s"
      expect(await rig.recorded(r.name)).toBeGreaterThanOrEqual(replicas - 1); // nothing lost
      // Honest: "scaled" only when the workload moved; otherwise an error with its reason, or,
      // once a renewal of the Lease failed, a write not sent (LeaseLost, lib/kube/writeGate.ts).
      if (r.action === 'scaled') expect(replicas).toBe(2);
      else if (r.action === 'skipped') expect(r.reason).toBe('LeaseLost');
      else {
        expect(r.action).toBe('error');
        expect(r.reason).toMatch(/^Failed/);
      }
    }
    expect(report.summary.error + report.summary.skipped).toBeGreaterThan(0);

    rig.proxy().rules.length = 0;
    // The killed run could not release its shard Lease; rather than wait for it to expire (30 s
    // by the real clock, while this rig's clock is a fixed past date), release it by hand.
    await rig.releaseLease();
    const next = await rig.runAt(30);
    expect(next.skipped).toBeUndefined();
    expect(next.summary.error).toBe(0);
    expect((await rig.runAt(60)).summary).toMatchObject({ scaled: 0, error: 0 });
    // A /scale whose outcome was unknown counts as taken (lib/behavior/pending.ts): a workload it
    // never reached waits out the period and the write lifetime, and never moves twice in it.
    for (const n of names) {
      const replicas = await rig.replicas(n);
      expect([1, 2]).toContain(replicas);
      expect(await rig.recorded(n)).toBe(1);
    }
    const settings = parseSettings({});
    const after = 600 + writeLifetimeMs(settings) / 1000 + 1;
    expect((await rig.runAt(after)).summary.error).toBe(0);
    for (const n of names) expect([2, 3]).toContain(await rig.replicas(n));
    await rig.finish(names);
  }, 120_000);
});
