/** How a stored Lease is read and judged: malformed, hand-edited and absurd values (lib/lease/record.ts). */
import { judgeLease, readLease, MALFORMED_HOLDER } from '../../lib/lease/record.js';

const OURS = 30;
const snap = (spec: Record<string, unknown>) => ({ resourceVersion: '1', spec });

describe('readLease (our LEASE_DURATION_SECONDS = 30): no time in it is ever compared', () => {
  it.each([
    // [name, spec, released, holder, duration]
    [
      'released (holder "", duration 1)',
      { holderIdentity: '', leaseDurationSeconds: 1 },
      true,
      '',
      30,
    ],
    [
      'holder cleared by hand, duration left at 30',
      { holderIdentity: '', leaseDurationSeconds: 30 },
      false,
      '',
      30,
    ],
    ['an empty Lease', {}, false, '', 30],
    ['held', { holderIdentity: 'a', leaseDurationSeconds: 30 }, false, 'a', 30],
    // 0 or tiny durations wait at least ours
    [
      'duration 1 with a holder (not a release)',
      { holderIdentity: 'a', leaseDurationSeconds: 1 },
      false,
      'a',
      30,
    ],
    ['duration -5', { holderIdentity: 'a', leaseDurationSeconds: -5 }, false, 'a', 30],
    ['duration "abc"', { holderIdentity: 'a', leaseDurationSeconds: 'abc' }, false, 'a', 30],
    // a longer duration than ours is honoured, up to an hour
    ['duration 120', { holderIdentity: 'a', leaseDurationSeconds: 120 }, false, 'a', 120],
    [
      'duration 1e9: capped at 3600',
      { holderIdentity: 'a', leaseDurationSeconds: 1e9 },
      false,
      'a',
      3600,
    ],
    // times in the Lease do not matter, however old or absurd
    [
      'renewTime in 1999',
      { holderIdentity: 'a', renewTime: '1999-01-01T00:00:00.000000Z' },
      false,
      'a',
      30,
    ],
    [
      'renewTime in 2099',
      { holderIdentity: 'a', renewTime: '2099-01-01T00:00:00.000000Z' },
      false,
      'a',
      30,
    ],
    ['holder not a string', { holderIdentity: 7 }, false, MALFORMED_HOLDER, 30],
  ])('%s', (_name, spec, released, holder, durationSeconds) => {
    expect(readLease(snap(spec), OURS)).toMatchObject({ released, holder, durationSeconds });
  });

  it.each([
    [{ acquireTime: '2026-11-25T10:00:00.000000Z' }, '2026-11-25T10:00:00.000Z'],
    [{ acquireTime: 'soon' }, undefined],
    [{}, undefined],
  ])('acquireTime %j is only shown: since %s', (spec, since) => {
    expect(readLease(snap(spec), OURS).since).toBe(since);
  });

  it.each([
    [{ leaseTransitions: 3 }, 3],
    [{ leaseTransitions: -1 }, 0],
    [{ leaseTransitions: 'many' }, 0],
    [{}, 0],
  ])('leaseTransitions %j → %i', (spec, want) => {
    expect(readLease(snap(spec), OURS).transitions).toBe(want);
  });
});

describe('judgeLease: free once seen unchanged for its duration, on our monotonic clock', () => {
  it.each([
    // [name, spec, seen at (s), now (s), free, expires at (s)]
    ['held, seen 29.9 s ago', { holderIdentity: 'a' }, 0, 29.9, false, 30],
    ['held, seen 30 s ago', { holderIdentity: 'a' }, 0, 30, true, 30],
    ['released: free at once', { holderIdentity: '', leaseDurationSeconds: 1 }, 0, 0, true, 30],
    ['cleared by hand: waits', { holderIdentity: '' }, 0, 10, false, 30],
    [
      'duration 120, seen 60 s ago',
      { holderIdentity: 'a', leaseDurationSeconds: 120 },
      0,
      60,
      false,
      120,
    ],
    // renewTime says long ago: irrelevant, only when we saw this version counts
    [
      'renewTime 1999, seen just now',
      { holderIdentity: 'a', renewTime: '1999-01-01T00:00:00Z' },
      100,
      100,
      false,
      130,
    ],
  ])('%s', (_name, spec, seen, now, free, expiresAt) => {
    const j = judgeLease(snap(spec), OURS, seen * 1000, now * 1000);
    expect({ free: j.free, expiresAt: j.expiresAt / 1000 }).toEqual({ free, expiresAt });
  });
});
