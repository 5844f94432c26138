/** The elector against the in-memory lock (test/support/fakeKube.ts) and a fake clock. */
import { createElector, type Elector } from '../../lib/lease/elector.js';
import { FakeKube } from '../support/fakeKube.js';

const NS = 'business-scaling-system';
const NAME = 'business-scaler-shard-0-of-1';
const ID = `${NS}/${NAME}`;
const T0 = Date.parse('2026-11-25T10:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString().replace('Z', '000Z');

function setup() {
  const kube = new FakeKube();
  let clock = T0;
  const elector = (identity: string): Elector =>
    createElector({
      lock: kube,
      namespace: NS,
      name: NAME,
      identity,
      durationSeconds: 30,
      now: () => clock,
    });
  const advance = (s: number) => (clock += s * 1000);
  const spec = () => kube.leases.get(ID)?.spec;
  return { kube, elector, advance, spec };
}

const other = (renewedSecondsAgo: number, extra: object = {}) => ({
  holderIdentity: 'other',
  leaseDurationSeconds: 30,
  acquireTime: at(-100),
  renewTime: at(-renewedSecondsAgo),
  leaseTransitions: 2,
  ...extra,
});

describe('elector: acquire', () => {
  it.each([
    // [name, existing spec or none, ok, leaseTransitions after]
    ['no Lease: created', undefined, true, 0],
    ['held, renewed 10 s ago', other(10), false, 2],
    ['held, renewed 29 s ago', other(29), false, 2],
    ['expired (renewed 30 s ago): taken over, a transition', other(30), true, 3],
    [
      'released by its holder: taken at once, a transition',
      other(0, { holderIdentity: '', leaseDurationSeconds: 1 }),
      true,
      3,
    ],
    [
      'holder cleared by hand (not a release): held until it expires',
      other(10, { holderIdentity: '' }),
      false,
      2,
    ],
    [
      'held under our own identity by another run of this process',
      other(5, { holderIdentity: 'me' }),
      false,
      2,
    ],
    ['our own expired lease: no transition', other(40, { holderIdentity: 'me' }), true, 2],
  ])('%s', async (_name, existing, ok, transitions) => {
    const { kube, elector, spec } = setup();
    if (existing) kube.putLease(ID, existing);
    const got = await elector('me').acquire();
    expect(got.ok).toBe(ok);
    expect(spec()).toMatchObject({ leaseTransitions: transitions });
    if (ok) {
      expect(spec()).toEqual({
        holderIdentity: 'me',
        leaseDurationSeconds: 30,
        acquireTime: at(0),
        renewTime: at(0),
        leaseTransitions: transitions,
      });
    } else {
      expect(got).toMatchObject({
        holder: existing!.holderIdentity || '(none: cleared, not released)',
        since: new Date(T0 - 100_000).toISOString(),
      });
    }
  });

  it.each([
    ['no Lease (both create)', undefined],
    ['an expired Lease (both update with the resourceVersion read)', other(60)],
  ])('two takers at once, %s: exactly one wins, one transition', async (_name, existing) => {
    const { kube, elector, spec } = setup();
    if (existing) kube.putLease(ID, existing);
    const [a, b] = [elector('a'), elector('b')];
    const results = await Promise.all([a.acquire(), b.acquire()]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const winner = results[0].ok ? 'a' : 'b';
    expect(results.find((r) => !r.ok)).toMatchObject({ holder: winner });
    expect(spec()).toMatchObject({ holderIdentity: winner, leaseTransitions: existing ? 3 : 0 });
    expect([a.canWrite(), b.canWrite()].filter(Boolean)).toHaveLength(1);
  });

  it('a Lease that cannot be read fails the acquire (the run fails, nothing written)', async () => {
    const { kube, elector } = setup();
    kube.failNext('getLease', 403);
    await expect(elector('me').acquire()).rejects.toThrow(/403/);
  });
});

describe('elector: renew, lose, release', () => {
  it('renewing moves renewTime and keeps the resourceVersion chain', async () => {
    const { elector, advance, spec } = setup();
    const e = elector('me');
    await e.acquire();
    advance(10);
    expect(await e.renew()).toBe(true);
    expect(spec()).toMatchObject({ acquireTime: at(0), renewTime: at(10), holderIdentity: 'me' });
    advance(25); // 35 s after acquiring, 25 s after the renewal
    expect(e.canWrite()).toBe(true);
  });

  it.each([
    ['a hand edit changed the holder', (k: FakeKube) => void k.putLease(ID, other(0))],
    [
      'a hand edit wrote garbage',
      (k: FakeKube) => void k.putLease(ID, { holderIdentity: 'me', renewTime: 'x' }),
    ],
    ['the API server answers 500', (k: FakeKube) => void k.failNext('updateLease', 500)],
    ['the renewal times out', (k: FakeKube) => void k.failNext('updateLease', 0)],
  ])('%s: the renewal fails, the lease is lost at once', async (_name, edit) => {
    const { kube, elector, advance } = setup();
    const e = elector('me');
    await e.acquire();
    edit(kube);
    advance(10);
    expect(e.canWrite()).toBe(true);
    expect(await e.renew()).toBe(false);
    expect(e.canWrite()).toBe(false);
    expect(await e.renew()).toBe(false); // lost stays lost
  });

  it('not renewed for a whole duration: no more writes, and no renewal brings it back', async () => {
    const { elector, advance } = setup();
    const e = elector('me');
    await e.acquire();
    advance(29.9);
    expect(e.canWrite()).toBe(true);
    advance(0.1);
    expect(e.canWrite()).toBe(false);
    expect(await e.renew()).toBe(false);
  });

  it('release: the next run takes it at once, and it counts as a transition', async () => {
    const { elector, advance, spec } = setup();
    const first = elector('first');
    await first.acquire();
    advance(5);
    await first.release();
    expect(first.canWrite()).toBe(false);
    expect(spec()).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1 });
    expect(await elector('second').acquire()).toMatchObject({ ok: true, transitions: 1 });
  });

  it('a failed release is swallowed: the lease then just expires', async () => {
    const { kube, elector, advance } = setup();
    const first = elector('first');
    await first.acquire();
    kube.failNext('updateLease', 500);
    await first.release();
    expect((await elector('second').acquire()).ok).toBe(false);
    advance(30);
    expect(await elector('second').acquire()).toMatchObject({ ok: true, transitions: 1 });
  });
});
