/**
 * The CLI as its own process through the fault proxy: SIGKILLed while its /scale is in flight,
 * then run again; and a failed record makes it exit 3.
 */
import { describeIfCluster } from '../harness/controlPlane.js';
import { startCli } from '../support/cliProcess.js';
import { useFaultRig } from '../support/faultRig.js';

describeIfCluster('the reconciler process under faults', () => {
  const rig = useFaultRig();
  const reconcile = () =>
    startCli(['reconcile', '--once', '--kubeconfig', rig.kubeconfig()], {
      METRIC_ALLOWED_NETWORKS: '127.0.0.0/8',
    });

  it('SIGKILL while /scale is in flight, then run again: its step counts as taken, never twice', async () => {
    const names = await rig.seed('kill', 3);
    rig.proxy().rules.push({ kind: 'scale', fault: { hold: true } });
    const first = await reconcile();
    // Every resource's /scale must be in flight (its intent recorded) before the kill: a
    // resource killed before its record took no step, and the next run rightly takes one.
    const held = () => rig.proxy().seen.filter((r) => r.kind === 'scale').length;
    while (held() < names.length) await rig.proxy().next('scale');
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    for (const n of names) expect(await rig.replicas(n)).toBe(1);
    rig.proxy().rules.length = 0;

    // The killed process still holds the shard Lease: a run now is skipped (exit 4) …
    const blocked = await reconcile();
    expect(await blocked.exited).toBe(4);
    expect(blocked.stderr()).toMatch(/^skipped: lease .* held by /m);
    // … until it expires (30 s) or an operator releases it, as here.
    await rig.releaseLease();
    const second = await reconcile();
    expect(await second.exited).toBe(0);
    const third = await reconcile();
    expect(await third.exited).toBe(0);
    // The killed write's outcome is unknown (it may still land): its pending event counts as a
    // step taken, so "+1 pod per 600 s" takes no second one; nothing is erased.
    for (const n of names) {
      expect(await rig.replicas(n)).toBe(1);
      expect(await rig.recorded(n)).toBe(1);
      expect((await rig.status(n))?.history?.scaleUpEvents).toMatchObject([{ pending: true }]);
    }
    await rig.finish(names);
  }, 60_000);

  it('a failed status write makes the CLI exit 3 and says why', async () => {
    const names = await rig.seed('exit', 1);
    rig.proxy().rules.push({ kind: 'status', fault: { status: 503 } });
    const run = await reconcile();
    expect(await run.exited).toBe(3);
    expect(run.stderr()).toMatch(/reason=FailedUpdateStatus/);
    expect(await rig.replicas(names[0]!)).toBe(1);
    await rig.finish(names);
  }, 60_000);
});
