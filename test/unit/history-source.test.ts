/** The stored history source: one write per bucket, a damaged history started afresh, safe errors. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeHistory, HISTORY_MAX_BYTES, HistoryError } from '../../lib/history/codec.js';
import { createFileHistoryStore, toFileName } from '../../lib/history/fileStore.js';
import type { HistoryStore } from '../../lib/history/port.js';
import { toStoreKey } from '../../lib/history/source.js';
import { createStoreHistorySource } from '../../lib/history/storeSource.js';

const key = { namespace: 'shop', name: 'web', metric: 'orders' };
const STEP = 300;

/** An in-memory HistoryStore that counts writes and can be told to fail. */
function memoryStore(initial?: string) {
  const data = new Map<string, string>();
  if (initial !== undefined) data.set(toStoreKey(key), initial);
  const calls = {
    writes: 0,
    failRead: undefined as Error | undefined,
    failWrite: undefined as Error | undefined,
  };
  const store: HistoryStore = {
    read(k) {
      if (calls.failRead !== undefined) return Promise.reject(calls.failRead);
      return Promise.resolve(data.get(k));
    },
    write(k, encoded) {
      if (calls.failWrite !== undefined) return Promise.reject(calls.failWrite);
      calls.writes++;
      data.set(k, encoded);
      return Promise.resolve();
    },
  };
  return { store, data, calls };
}

const dir = mkdtempSync(join(tmpdir(), 'bs-history-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createStoreHistorySource', () => {
  it.each([
    // [runs (seconds, reading), writes, values returned by the last run, values stored]
    ['one run', [[600, 5]], 1, [5], [5]],
    [
      'runs in one bucket: one write',
      [
        [600, 5],
        [630, 6],
        [899, 7],
      ],
      1,
      [5],
      [5],
    ],
    [
      'a new bucket: one more write',
      [
        [600, 5],
        [630, 6],
        [900, 8],
      ],
      2,
      [5, 8],
      [5, 8],
    ],
    [
      'a skipped bucket is a gap',
      [
        [600, 5],
        [1200, 9],
      ],
      2,
      [5, NaN, 9],
      [5, NaN, 9],
    ],
    ['a failed read writes nothing', [[600, undefined]], 0, [NaN], undefined],
    [
      'a failed read: a gap in memory only',
      [
        [600, 5],
        [900, undefined],
      ],
      1,
      [5, NaN],
      [5],
    ],
    [
      'a failed read, then a good one in the bucket',
      [
        [600, undefined],
        [630, 4],
      ],
      1,
      [4],
      [4],
    ],
  ] as const)('%s', async (_name, runs, writes, values, stored) => {
    const { store, calls, data } = memoryStore();
    const source = createStoreHistorySource(store);
    let last;
    for (const [at, reading] of runs) last = await source.observe(key, at, reading, STEP);
    expect(calls.writes).toBe(writes);
    expect(last?.values).toEqual(values);
    const text = data.get(toStoreKey(key));
    expect(text === undefined ? undefined : decodeHistory(text).values).toEqual(stored);
  });

  it.each([
    ['not JSON', '{'],
    ['another layout', '{"v":9}'],
    ['too large', 'x'.repeat(HISTORY_MAX_BYTES + 1)],
  ])('a damaged history (%s) is a HistoryError and starts afresh', async (_name, text) => {
    const { store, data } = memoryStore(text);
    const source = createStoreHistorySource(store);
    await expect(source.observe(key, 600, 5, STEP)).rejects.toThrow(/started a new history/);
    expect(decodeHistory(data.get(toStoreKey(key))!).values).toEqual([5]);
    // The next run reads the fresh history and goes on from it.
    const next = await source.observe(key, 900, 6, STEP);
    expect(next?.values).toEqual([5, 6]);
  });

  it.each([
    ['read', 'failRead', /could not read the stored history \(EACCES\)/],
    ['write', 'failWrite', /could not store the history \(EACCES\)/],
  ] as const)('a store that cannot %s says so without the path', async (_n, which, message) => {
    const { store, calls } = memoryStore();
    calls[which] = Object.assign(new Error('EACCES: permission denied, open /secret/path'), {
      code: 'EACCES',
    });
    const source = createStoreHistorySource(store);
    const err = await source.observe(key, 600, 5, STEP).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HistoryError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('/secret');
  });

  it('with the file store: an oversized file is read bounded and replaced', async () => {
    const store = createFileHistoryStore(dir);
    writeFileSync(join(dir, toFileName(toStoreKey(key))), 'y'.repeat(3 * HISTORY_MAX_BYTES));
    const source = createStoreHistorySource(store);
    await expect(source.observe(key, 600, 5, STEP)).rejects.toThrow(/too large; started a new/);
    expect((await source.observe(key, 900, 7, STEP))?.values).toEqual([5, 7]);
    expect(decodeHistory((await store.read(toStoreKey(key)))!).values).toEqual([5, 7]);
  });
});
