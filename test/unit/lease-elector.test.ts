/**
 * The elector against the in-memory lock (test/support/fakeKube.ts) and fake clocks: one
 * monotonic clock per process (what expiry and write deadlines are judged by) and a wall clock
 * per process that may be skewed by any amount (only written into the Lease).
 */
import { createElector, type Elector } from '../../lib/lease/elector.js';
import { createLeaseWatch, type LeaseWatch } from '../../lib/lease/watch.js';
import { leaseTiming } from '../../lib/lease/writeBound.js';
import { FakeKube } from '../support/fakeKube.js';

const NS = 'business-scaling-system';
const NAME = 'business-scaler-shard-0-of-1';
const ID = `${NS}/${NAME}`;
const T0 = Date.parse('2026-11-25T10:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString().replace('Z', '000Z');
// D = 30 s, RD = 20 s, A = 10 s + 2 s: writes start until 8 s after each renewal
const TIMING = leaseTiming({
  kubeTimeoutMs: 10_000,
  leaseDurationSeconds: 30,
  leaseRenewDeadlineSeconds: 20,
  runDeadlineSeconds: 300,
});

function setup() {
  const kube = new FakeKube();
  let mono = 0; // one shared monotonic time line (every process's clock runs at the same rate)
  const advance = (s: number) => (mono += s * 1000);
  /** A process: its own watch (memory of what it saw) and a wall clock `skew` s off. */
  const process = (skew = 0) => {
    const watch: LeaseWatch = createLeaseWatch(
      () => mono,
      (ms) => Promise.resolve(void (mono += ms)),
    );
    return (identity: string, maxWaitMs = 0): Elector =>
      createElector({
        lock: kube,
        namespace: NS,
        name: NAME,
        identity,
        timing: TIMING,
        now: () => T0 + mono + skew * 1000,
        watch,
        maxWaitMs,
      });
  };
  const spec = () => kube.leases.get(ID)?.spec;
  return { kube, process, advance, spec, elapsed: () => mono / 1000 };
}

const other = (extra: object = {}) => ({
  holderIdentity: 'other',
  leaseDurationSeconds: 30,
  acquireTime: at(-100),
  renewTime: at(-1000), // long ago by its clock: never compared with ours
  leaseTransitions: 2,
  ...extra,
});

describe('elector: acquire', () => {
  it.each([
    // [name, existing spec or none, ok, leaseTransitions after]
    ['no Lease: created', undefined, true, 0],
    ['held (renewTime long ago, but first seen now)', other(), false, 2],
    [
      'released by its holder: taken at once, a transition',
      other({ holderIdentity: '', leaseDurationSeconds: 1 }),
      true,
      3,
    ],
    [
      'holder cleared by hand (not a release): held until seen unchanged a duration',
      other({ holderIdentity: '' }),
      false,
      2,
    ],
    [
      'held under our own identity by another run of this process',
      other({ holderIdentity: 'me' }),
      false,
      2,
    ],
  ])('%s', async (_name, existing, ok, transitions) => {
    const { kube, process, spec } = setup();
    if (existing) kube.putLease(ID, existing);
    const got = await process()('me').acquire();
    expect(got.ok).toBe(ok);
    expect(spec()).toMatchObject({ leaseTransitions: transitions });
    if (ok) {
      expect(spec()).toMatchObject({ holderIdentity: 'me', acquireTime: at(0), renewTime: at(0) });
    } else {
      expect(got).toMatchObject({
        holder: existing!.holderIdentity || '(none: cleared, not released)',
        since: new Date(T0 - 100_000).toISOString(),
        expires: new Date(T0 + 30_000).toISOString(),
      });
    }
  });

  it('a holder that died: taken once this process saw it unchanged for 30 s, +1 transition', async () => {
    const { kube, process, advance, spec } = setup();
    kube.putLease(ID, other());
    const me = process();
    expect((await me('me').acquire()).ok).toBe(false); // first seen now
    advance(29.9);
    expect((await me('me').acquire()).ok).toBe(false);
    advance(0.1);
    expect(await me('me').acquire()).toMatchObject({ ok: true, transitions: 3 });
    expect(spec()).toMatchObject({ holderIdentity: 'me', leaseTransitions: 3 });
  });

  it('a new process (nothing seen yet) waits up to a duration; a dead holder is then taken', async () => {
    const { kube, process, elapsed } = setup();
    kube.putLease(ID, other());
    expect(await process()('me', 30_000).acquire()).toMatchObject({ ok: true, transitions: 3 });
    expect(elapsed()).toBe(30);
  });

  it('while it waits, the holder renews: not taken, it says who holds it', async () => {
    const { process, advance } = setup();
    const holder = process()('holder');
    await holder.acquire();
    const taker = process()('taker', 30_000);
    const waiting = taker.acquire();
    // the taker sleeps (advancing the clock); the holder renews in between
    await Promise.resolve();
    advance(1);
    await holder.renew();
    expect(await waiting).toMatchObject({ ok: false, holder: 'holder' });
    expect(holder.canWrite()).toBe(true);
  });

  it.each([
    ['no Lease (both create)', undefined],
    [
      'a released Lease (both update with the resourceVersion read)',
      other({ holderIdentity: '', leaseDurationSeconds: 1 }),
    ],
  ])('two takers at once, %s: exactly one wins', async (_name, existing) => {
    const { kube, process, spec } = setup();
    if (existing) kube.putLease(ID, existing);
    const [a, b] = [process()('a'), process()('b')];
    const results = await Promise.all([a.acquire(), b.acquire()]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const winner = results[0].ok ? 'a' : 'b';
    expect(results.find((r) => !r.ok)).toMatchObject({ holder: winner });
    expect(spec()).toMatchObject({ holderIdentity: winner });
    expect([a.canWrite(), b.canWrite()].filter(Boolean)).toHaveLength(1);
  });

  it('a Lease that cannot be read fails the acquire (the run fails, nothing written)', async () => {
    const { kube, process } = setup();
    kube.failNext('getLease', 403);
    await expect(process()('me').acquire()).rejects.toThrow(/403/);
  });
});

describe('elector: clock skew (case 8): a taker whose wall clock is ahead never takes early', () => {
  it.each([[5], [-5], [3600]])(
    'taker %i s off: it takes over only after the holder stopped starting writes',
    async (skew) => {
      const { process, advance } = setup();
      const holder = process()('holder');
      await holder.acquire();
      const taker = process(skew)('taker');
      // the holder stops renewing (stalled); the taker looks every second
      let took: number | undefined;
      for (let s = 0; s <= 40 && took === undefined; s++) {
        if ((await taker.acquire()).ok) {
          took = s;
          expect(holder.canWrite()).toBe(false); // the guard: never both
        }
        advance(1);
      }
      // first seen at 0 s, unchanged for 30 s; the holder's writes stopped at 20 − 12 = 8 s
      expect(took).toBe(30);
    },
  );
});

describe('elector: renew, write deadline, lose, release', () => {
  it('renewing moves renewTime and keeps the resourceVersion chain', async () => {
    const { process, advance, spec } = setup();
    const e = process()('me');
    await e.acquire();
    advance(5);
    expect(await e.renew()).toBe(true);
    expect(spec()).toMatchObject({ acquireTime: at(0), renewTime: at(5), holderIdentity: 'me' });
    advance(7.9); // 12.9 s after acquiring, 7.9 s after the renewal
    expect(e.canWrite()).toBe(true);
  });

  it('writes stop at renew deadline − attempt lifetime (8 s), the lease at the renew deadline (20 s)', async () => {
    const { process, advance } = setup();
    const e = process()('me');
    await e.acquire();
    advance(7.999);
    expect(e.canWrite()).toBe(true);
    advance(0.001);
    expect(e.canWrite()).toBe(false);
    expect(e.refusal()).toMatch(/write deadline of lease .* passed/);
    advance(11.9); // 19.9 s: a renewal still succeeds and opens the window again
    expect(await e.renew()).toBe(true);
    expect(e.canWrite()).toBe(true);
    advance(20);
    expect(await e.renew()).toBe(false);
    expect(e.refusal()).toMatch(/not renewed within its renew deadline/);
  });

  it.each([
    ['a hand edit changed the holder', (k: FakeKube) => void k.putLease(ID, other())],
    [
      'a hand edit wrote garbage',
      (k: FakeKube) => void k.putLease(ID, { holderIdentity: 'me', renewTime: 'x' }),
    ],
    ['the API server answers 500', (k: FakeKube) => void k.failNext('updateLease', 500)],
    ['the renewal times out', (k: FakeKube) => void k.failNext('updateLease', 0)],
  ])('%s: the renewal fails, the lease is lost at once', async (_name, edit) => {
    const { kube, process, advance } = setup();
    const e = process()('me');
    await e.acquire();
    edit(kube);
    advance(2);
    expect(e.canWrite()).toBe(true);
    expect(await e.renew()).toBe(false);
    expect(e.canWrite()).toBe(false);
    expect(await e.renew()).toBe(false); // lost stays lost
  });

  it('release: the next run takes it at once, and it counts as a transition', async () => {
    const { process, advance, spec } = setup();
    const first = process()('first');
    await first.acquire();
    advance(5);
    await first.release();
    expect(first.canWrite()).toBe(false);
    expect(spec()).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1 });
    expect(await process()('second').acquire()).toMatchObject({ ok: true, transitions: 1 });
  });

  it('a failed release is swallowed: the lease then expires for whoever watches it', async () => {
    const { kube, process, advance } = setup();
    const first = process()('first');
    await first.acquire();
    kube.failNext('updateLease', 500);
    await first.release();
    const second = process();
    expect((await second('second').acquire()).ok).toBe(false);
    advance(30);
    expect(await second('second').acquire()).toMatchObject({ ok: true, transitions: 1 });
  });
});

describe('elector: one watch per process, many clusters (a fleet)', () => {
  it('Leases of the same name in two clusters are watched apart: a dead holder is still taken', async () => {
    let mono = 0;
    const watch = createLeaseWatch(
      () => mono,
      () => Promise.resolve(),
    );
    const [a, b] = [new FakeKube(), new FakeKube()];
    a.putLease(ID, other());
    b.putLease(ID, other({ holderIdentity: 'alive' }));
    b.putLease(ID, other({ holderIdentity: 'alive' })); // another version than a's
    const elector = (lock: FakeKube) =>
      createElector({
        lock,
        namespace: NS,
        name: NAME,
        identity: 'me',
        timing: TIMING,
        now: () => T0 + mono,
        watch,
        maxWaitMs: 0,
      });
    for (let s = 0; s < 30; s += 10) {
      expect((await elector(a).acquire()).ok).toBe(false);
      b.putLease(ID, other({ holderIdentity: 'alive' })); // b's holder renews
      expect((await elector(b).acquire()).ok).toBe(false);
      mono += 10_000;
    }
    expect((await elector(a).acquire()).ok).toBe(true); // a's: unchanged for 30 s
    expect((await elector(b).acquire()).ok).toBe(false);
  });
});
