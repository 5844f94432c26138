/**
 * Issue 20, case 7: what a failed status write would have added (`lostOf`), carried in the run
 * record (`lost`, aligned with `unvouched`), and put back by the next run (`withLostRecord`).
 */
import fc from 'fast-check';
import {
  createLostLog,
  lostOf,
  withLostRecord,
  type LostRecord,
  type Seen,
} from '../../lib/record/lost.js';
import {
  MAX_UNVOUCHED,
  RECORD_ANNOTATION,
  readRunRecord,
  withRunRecord,
} from '../../lib/record/runMarker.js';

const T = 1_780_000_000;
const rfc = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');
const recs = (...r: [number, number][]) => ({
  history: { recommendations: r.map(([time, replicas]) => ({ time, replicas })) },
});

describe('lostOf: what the write would have added', () => {
  it.each<[string, Seen | undefined, Seen, LostRecord | undefined]>([
    ['nothing new', recs([T, 3]), recs([T, 3]), undefined],
    ['a first record', undefined, recs([T, 8]), { recommendation: { time: T, replicas: 8 } }],
    [
      // newest time, highest replicas of those added: held as long and as high as each
      'two added',
      recs([T - 60, 3]),
      recs([T - 60, 3], [T - 10, 9], [T, 4]),
      { recommendation: { time: T, replicas: 9 } },
    ],
    [
      'a standing time moved counts as added',
      recs([T - 60, 3]),
      recs([T - 5, 3], [T, 2]),
      { recommendation: { time: T, replicas: 3 } },
    ],
    [
      'a later active time',
      { lastActiveTime: T - 90 },
      { lastActiveTime: T },
      { lastActiveTime: T },
    ],
    ['the same active time', { lastActiveTime: T }, { lastActiveTime: T }, undefined],
  ])('%s', (_, prev, next, want) => {
    expect(lostOf(prev, next)).toEqual(want);
  });
});

describe('withLostRecord: the next run puts it back', () => {
  const state = {
    history: { ...recs([T - 30, 3]).history, scaleUpEvents: [], scaleDownEvents: [] },
  };

  it.each<[string, LostRecord | undefined, number, object]>([
    ['nothing lost', undefined, T + 10, state],
    [
      'a recommendation, in time order',
      { recommendation: { time: T, replicas: 8 } },
      T + 10,
      { history: { ...state.history, ...recs([T - 30, 3], [T, 8]).history } },
    ],
    [
      'a time ahead of this clock counts as now',
      { recommendation: { time: T + 20, replicas: 8 } },
      T + 10,
      { history: { ...state.history, ...recs([T - 30, 3], [T + 10, 8]).history } },
    ],
    ['a last active time', { lastActiveTime: T }, T + 10, { ...state, lastActiveTime: T }],
  ])('%s', (_, entry, now, want) => {
    expect(withLostRecord(state, entry, now)).toEqual(want);
  });

  it('never moves a last active time back', () => {
    expect(withLostRecord({ lastActiveTime: T }, { lastActiveTime: T - 50 }, T + 1)).toEqual({
      lastActiveTime: T,
    });
  });

  it('a state with no history yet gets one', () => {
    const got = withLostRecord({}, { recommendation: { time: T, replicas: 5 } }, T + 1);
    expect(got.history?.recommendations).toEqual([{ time: T, replicas: 5 }]);
  });
});

describe('the run record carries it', () => {
  const base = { at: T, epoch: 3, layout: '0-of-1' };
  const annotations = (lost: unknown, unvouched: unknown = ['a', 'b']) => ({
    'business-scaler.example.com/last-run': rfc(T),
    [RECORD_ANNOTATION]: JSON.stringify({ epoch: 3, layout: '0-of-1', unvouched, lost }),
  });

  it('round-trips, aligned with the unvouched names', () => {
    const lost = new Map<string, LostRecord>([
      ['b', { recommendation: { time: T - 2, replicas: 8 }, lastActiveTime: T - 2 }],
    ]);
    const a = withRunRecord({}, { ...base, unvouched: ['a', 'b'], lost });
    expect(JSON.parse(a[RECORD_ANNOTATION]!)).toEqual({
      epoch: 3,
      layout: '0-of-1',
      unvouched: ['a', 'b'],
      lost: [null, { r: [T - 2, 8], a: T - 2 }],
    });
    expect(readRunRecord(a)).toEqual({ ...base, unvouched: ['a', 'b'], lost });
  });

  it('writes no list when nothing was lost (the shape of an older version)', () => {
    const a = withRunRecord({}, { ...base, unvouched: ['a'], lost: new Map() });
    expect(JSON.parse(a[RECORD_ANNOTATION]!)).toEqual({
      epoch: 3,
      layout: '0-of-1',
      unvouched: ['a'],
    });
  });

  it.each([
    ['not a list', { r: [T, 1] }],
    ['shorter than the names', [null]],
    ['a negative replicas', [null, { r: [T, -1] }]],
    ['a time that is not a number', [null, { r: ['now', 1] }]],
    ['an unknown key', [null, { x: 1 }]],
    ['a fractional active time', [null, { a: 1.5 }]],
  ])('a malformed list (%s): the whole record is not trusted', (_, lost) => {
    expect(readRunRecord(annotations(lost))).toBeUndefined();
  });

  it('past MAX_UNVOUCHED names: all, and nothing carried', () => {
    const names = Array.from({ length: MAX_UNVOUCHED + 1 }, (_, i) => `n${i}`);
    const lost = new Map(names.map((n) => [n, { lastActiveTime: T }]));
    const a = withRunRecord({}, { ...base, unvouched: names, lost });
    expect(JSON.parse(a[RECORD_ANNOTATION]!)).toEqual({
      epoch: 3,
      layout: '0-of-1',
      unvouched: 'all',
    });
  });

  it('100 names of 253 characters, each with both parts: the bytes', () => {
    const names = Array.from({ length: MAX_UNVOUCHED }, (_, i) => `${i}`.padStart(253, 'x'));
    const big = 2_147_483_647;
    const entry = {
      recommendation: { time: 9_999_999_999, replicas: big },
      lastActiveTime: 9_999_999_999,
    };
    const lost = new Map(names.map((n) => [n, entry]));
    const withLost = withRunRecord({}, { ...base, unvouched: names, lost })[RECORD_ANNOTATION]!;
    const without = withRunRecord({}, { ...base, unvouched: names })[RECORD_ANNOTATION]!;
    // 44 bytes and a comma an item, the list's key and brackets (lib/record/lostJson.ts)
    expect(withLost.length - without.length).toBe(100 * 45 - 1 + ',"lost":[]'.length);
    expect(withLost.length).toBeLessThan(32 * 1024);
  });
});

describe('the run’s log of what was lost', () => {
  it('merges two failed writes of one name, and keeps only unvouched names', () => {
    const log = createLostLog();
    log.note('a', { recommendation: { time: T, replicas: 3 } });
    log.note('a', { recommendation: { time: T - 5, replicas: 7 }, lastActiveTime: T - 5 });
    log.note('b', { lastActiveTime: T });
    log.note('c', undefined);
    expect(log.of(['a', 'c'])).toEqual(
      new Map([['a', { recommendation: { time: T, replicas: 7 }, lastActiveTime: T - 5 }]]),
    );
    expect(log.of('all')).toEqual(new Map());
  });
});

describe('properties', () => {
  const rec = fc.record({ time: fc.integer({ min: 0, max: 2 * T }), replicas: fc.nat(1000) });
  const entry: fc.Arbitrary<LostRecord> = fc.record(
    { recommendation: rec, lastActiveTime: fc.integer({ min: 0, max: 2 * T }) },
    { requiredKeys: [] },
  );

  it('the run record reads back what it wrote', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1 }), { maxLength: 5 }),
        fc.array(entry, { maxLength: 5 }),
        (names, entries) => {
          const lost = new Map(
            names.flatMap((n, i) => (entries[i] ? [[n, entries[i]] as const] : [])),
          );
          const got = readRunRecord(
            withRunRecord({}, { at: T, epoch: 3, layout: '0-of-1', unvouched: names, lost }),
          );
          expect(got?.lost ?? new Map()).toEqual(lost);
        },
      ),
    );
  });

  it('putting it back never lowers a recommendation nor moves an active time back', () => {
    fc.assert(
      fc.property(
        fc.array(rec, { maxLength: 4 }),
        entry,
        fc.integer({ min: 0, max: 2 * T }),
        (rs, e, now) => {
          const sorted = [...rs].sort((a, b) => a.time - b.time); // as readState gives them
          const history = { recommendations: sorted, scaleUpEvents: [], scaleDownEvents: [] };
          const got = withLostRecord({ history, lastActiveTime: 5 }, e, now);
          for (const r of rs) expect(got.history?.recommendations).toContainEqual(r);
          expect(got.lastActiveTime).toBeGreaterThanOrEqual(5);
          const times = got.history!.recommendations.map((r) => r.time);
          expect(times).toEqual([...times].sort((a, b) => a - b));
        },
      ),
    );
  });
});
