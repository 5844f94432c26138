/**
 * The write deadline and the takeover on a real kube-apiserver, through the fault proxy
 * (test/support/faultProxy.ts), cases 1 and 8 of issue 20:
 * - case 1: one slow `/status` PATCH while the holder's renewals hang. Writes queued behind it
 *   (KUBE_CONCURRENCY=1) are checked when they leave the queue: none is sent after the holder's
 *   write deadline, the report says which decision was recorded and what was not sent, and a
 *   second process takes the Lease over only after that.
 * - case 8: a taker whose wall clock is 5 s ahead never takes the Lease while the holder may
 *   still start a write: expiry is judged by when the taker saw the Lease change, on its own
 *   monotonic clock.
 */
import { parseSettings } from '../../lib/config.js';
import { createKubePort, loadKubeConfig } from '../../lib/kube/client.js';
import type { KubePort } from '../../lib/kube/port.js';
import { createElector, type Elector } from '../../lib/lease/elector.js';
import { createLeaseWatch } from '../../lib/lease/watch.js';
import { leaseTiming } from '../../lib/lease/writeBound.js';
import { reconcileAll } from '../../lib/reconcile/run.js';
import { useFaultRig, TEST_RETRY } from '../support/faultRig.js';
import { describeIfCluster } from '../harness/controlPlane.js';

const NS = 'business-scaling-system';
const LEASE = 'business-scaler-shard-0-of-1';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const writes = (seen: { kind: string }[]) =>
  seen.filter((r) => r.kind === 'status' || r.kind === 'scale' || r.kind === 'event').length;

describeIfCluster('the write deadline and takeover on a real API server', () => {
  const rig = useFaultRig();
  let direct: KubePort;
  beforeAll(() => {
    direct = createKubePort(loadKubeConfig({ kubeconfig: rig.cp().kubeconfig('admin') }));
  });
  afterEach(() => rig.releaseLease());

  it('case 1: no queued write is sent after the deadline; the report says what was recorded', async () => {
    const names = await rig.seed('dl', 6);
    // D 20 s, renew deadline 13 s, attempt 6 + 2 s: writes start until 5 s after a renewal
    const env = {
      METRIC_ALLOWED_NETWORKS: '127.0.0.0/8',
      KUBE_CONCURRENCY: '1',
      LEASE_DURATION_SECONDS: '20',
      KUBE_TIMEOUT_MS: '6000',
    };
    const settings = parseSettings(env);
    const proxied = createKubePort(loadKubeConfig({ kubeconfig: rig.kubeconfig() }), {
      retry: TEST_RETRY,
      timeoutMs: settings.kubeTimeoutMs,
    });
    const proxy = rig.proxy();
    proxy.rules.push({ kind: 'status', fault: { delayMs: 5_500 }, times: 1 }); // the slow one
    const listed = proxy.next('list'); // after the run took its Lease
    const running = reconcileAll({
      kube: proxied,
      settings,
      log: { info: () => undefined, warn: () => undefined },
      leaseIdentity: 'slow-holder',
    });
    await listed;
    // from now on the holder's renewals (and its release) never reach the API server
    proxy.rules.push({ kind: 'other', match: `/leases/${LEASE}`, fault: { hold: true } });
    const taker = createElector({
      lock: direct,
      namespace: NS,
      name: LEASE,
      identity: 'taker',
      timing: leaseTiming(settings),
      now: () => Date.now(),
      watch: createLeaseWatch(),
      maxWaitMs: 40_000,
    });
    const taking = taker.acquire().then((got) => ({ got, writesThen: writes(proxy.seen) }));
    const report = await running;
    const { got, writesThen } = await taking;
    expect(got.ok).toBe(true); // taken over once seen unchanged for 20 s
    expect(writes(proxy.seen)).toBe(writesThen); // nothing of the old holder's after that
    expect(writes(proxy.seen)).toBe(1); // only the slow /status write, sent in time
    expect(report.resources.map((r) => [r.action, r.reason])).toEqual(
      names.map(() => ['skipped', 'LeaseLost']),
    );
    const messages = report.resources.map((r) => r.message ?? '');
    expect(messages.filter((m) => m.startsWith('decision recorded; PATCH '))).toHaveLength(1);
    expect(messages.filter((m) => /^PATCH .*\/status: not sent, /.test(m))).toHaveLength(5);
    expect(messages.every((m) => !/nothing more written/.test(m))).toBe(true);
    await taker.release();
    proxy.rules.length = 0;
    await rig.finish(names);
  }, 90_000);

  it.each([[5_000], [30_000]])(
    'case 8: a taker %i ms ahead takes over only once the holder can start no write',
    async (skewMs) => {
      // D 9 s, renew deadline 6 s, attempt 1 + 2 s: writes until 3 s after each renewal
      const settings = parseSettings({ LEASE_DURATION_SECONDS: '9', KUBE_TIMEOUT_MS: '1000' });
      const timing = leaseTiming(settings);
      const proxied = createKubePort(loadKubeConfig({ kubeconfig: rig.kubeconfig() }), {
        timeoutMs: settings.kubeTimeoutMs,
      });
      const elector = (identity: string, lock: KubePort, skewMs: number): Elector =>
        createElector({
          lock,
          namespace: NS,
          name: LEASE,
          identity,
          timing,
          now: () => Date.now() + skewMs,
          watch: createLeaseWatch(),
          maxWaitMs: 0,
        });
      const holder = elector('holder', proxied, 0);
      expect((await holder.acquire()).ok).toBe(true);
      let renewing = Promise.resolve(true);
      const timer = setInterval(() => {
        renewing = renewing.then(() => holder.renew());
      }, timing.renewEveryMs);
      const taker = elector('taker', direct, skewMs);
      const overlaps: string[] = [];
      try {
        for (let i = 0; i < 10; i++) {
          expect((await taker.acquire()).ok).toBe(false); // the holder renews: alive
          await sleep(200);
        }
        expect(holder.canWrite()).toBe(true);
        // the holder's renewals now hang: it stops starting writes, then loses the Lease
        rig.proxy().rules.push({ kind: 'other', match: `/leases/${LEASE}`, fault: { hold: true } });
        let took = false;
        for (let i = 0; i < 100 && !took; i++) {
          const before = holder.canWrite();
          took = (await taker.acquire()).ok;
          if (took && (before || holder.canWrite())) overlaps.push(`try ${i}`);
          if (!took) await sleep(200);
        }
        expect(took).toBe(true);
        expect(overlaps).toEqual([]);
      } finally {
        clearInterval(timer);
        rig.proxy().rules.length = 0;
        await renewing.catch(() => false);
        await taker.release();
      }
    },
    60_000,
  );
});
