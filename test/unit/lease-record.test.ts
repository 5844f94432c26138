/** How a stored Lease is read: malformed, hand-edited and absurd values (lib/lease/record.ts). */
import { readLease, MALFORMED_HOLDER } from '../../lib/lease/record.js';

const NOW = Date.parse('2026-11-25T10:00:00Z');
const at = (s: number) => new Date(NOW + s * 1000).toISOString();
const OURS = 30;

describe('readLease (our LEASE_DURATION_SECONDS = 30, now = 10:00:00)', () => {
  it.each([
    // [name, spec, lastWrite, free, holder, expires (s from now)]
    // released (holder "", duration 1: what a run writes at its end): free at once
    [
      'released',
      { holderIdentity: '', leaseDurationSeconds: 1, renewTime: at(0) },
      undefined,
      true,
      '',
      30,
    ],
    // a holder cleared any other way is free only once expired
    [
      'holder cleared by hand, duration left at 30',
      { holderIdentity: '', leaseDurationSeconds: 30, renewTime: at(-5) },
      undefined,
      false,
      '',
      25,
    ],
    ['an empty Lease, written 10 s ago', {}, at(-10), false, '', 20],
    [
      'renewed 10 s ago',
      { holderIdentity: 'a', renewTime: at(-10), leaseDurationSeconds: 30 },
      undefined,
      false,
      'a',
      20,
    ],
    [
      'renewed 30 s ago: expired',
      { holderIdentity: 'a', renewTime: at(-30), leaseDurationSeconds: 30 },
      undefined,
      true,
      'a',
      0,
    ],
    // 0 or tiny durations wait at least ours: 40 s ago + 30 s (not + 1 s)
    [
      'duration 1, renewed 20 s ago',
      { holderIdentity: 'a', renewTime: at(-20), leaseDurationSeconds: 1 },
      undefined,
      false,
      'a',
      10,
    ],
    [
      'duration -5',
      { holderIdentity: 'a', renewTime: at(-20), leaseDurationSeconds: -5 },
      undefined,
      false,
      'a',
      10,
    ],
    [
      'duration "abc"',
      { holderIdentity: 'a', renewTime: at(-20), leaseDurationSeconds: 'abc' },
      undefined,
      false,
      'a',
      10,
    ],
    // a longer duration than ours is honoured, up to an hour
    [
      'duration 120, renewed 60 s ago',
      { holderIdentity: 'a', renewTime: at(-60), leaseDurationSeconds: 120 },
      undefined,
      false,
      'a',
      60,
    ],
    [
      'duration 1e9: capped at 3600',
      { holderIdentity: 'a', renewTime: at(-3600), leaseDurationSeconds: 1e9 },
      undefined,
      true,
      'a',
      0,
    ],
    // a hand edit (any write) restarts the clock, whatever renewTime says
    [
      'renewTime old, written 5 s ago',
      { holderIdentity: 'x', renewTime: at(-999) },
      at(-5),
      false,
      'x',
      25,
    ],
    // a future renewTime counts as now, not as the future
    [
      'renewTime in 2099',
      { holderIdentity: 'a', renewTime: '2099-01-01T00:00:00.000000Z' },
      undefined,
      false,
      'a',
      30,
    ],
    [
      'renewTime garbage, acquireTime 40 s ago',
      { holderIdentity: 'a', renewTime: 'soon', acquireTime: at(-40) },
      undefined,
      true,
      'a',
      -10,
    ],
    // nothing tells when it was written: held for a full duration from every look
    ['no times at all', { holderIdentity: 'a' }, undefined, false, 'a', 30],
    [
      'holder not a string',
      { holderIdentity: 7, renewTime: at(-5) },
      undefined,
      false,
      MALFORMED_HOLDER,
      25,
    ],
  ])('%s', (_name, spec, lastWrite, free, holder, expiresIn) => {
    const view = readLease(
      { resourceVersion: '1', spec, ...(lastWrite && { lastWrite }) },
      OURS,
      NOW,
    );
    expect(view).toMatchObject({ free, holder, expires: at(expiresIn) });
  });

  it.each([
    [{ leaseTransitions: 3 }, 3],
    [{ leaseTransitions: -1 }, 0],
    [{ leaseTransitions: 'many' }, 0],
    [{}, 0],
  ])('leaseTransitions %j → %i', (spec, want) => {
    expect(readLease({ resourceVersion: '1', spec }, OURS, NOW).transitions).toBe(want);
  });
});
