/** The forecast history: bounded encoding, one write per bucket, the file store, backfill. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backfillHistory } from '../../lib/history/backfill.js';
import {
  appendReading,
  decodeHistory,
  encodeHistory,
  HISTORY_MAX_BYTES,
  HistoryError,
  MAX_POINTS,
  type MetricHistory,
} from '../../lib/history/codec.js';
import { createFileHistoryStore, toFileName } from '../../lib/history/fileStore.js';
import { toSeries } from '../support/forecastSeries.js';

const dir = mkdtempSync(join(tmpdir(), 'bs-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('history', () => {
  it('keeps the first reading of a bucket, fills skipped buckets with NaN', () => {
    let h = appendReading(undefined, 600, 5, 300);
    expect(h).toEqual({
      history: { stepSeconds: 300, endSeconds: 600, values: [5] },
      changed: true,
    });
    h = appendReading(h.history, 899, 7, 300); // same bucket: nothing to write
    expect(h.changed).toBe(false);
    h = appendReading(h.history, 1500, 9, 300); // buckets 900 and 1200 had no reading
    expect(h.history.values).toEqual([5, NaN, NaN, 9]);
    expect(h.history.endSeconds).toBe(1500);
  });

  it('is bounded: at most MAX_POINTS values and HISTORY_MAX_BYTES encoded', () => {
    const values = Array.from({ length: MAX_POINTS + 500 }, (_, i) => i % 1000);
    let h: MetricHistory = { stepSeconds: 300, endSeconds: 0, values };
    h = appendReading(h, 300, 1, 300).history;
    expect(h.values).toHaveLength(MAX_POINTS);
    const text = encodeHistory(h);
    expect(text.length).toBeLessThanOrEqual(HISTORY_MAX_BYTES);
    expect(decodeHistory(text)).toEqual(h);
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['another layout', '{"v":2,"step":300,"end":0,"data":""}', /unknown layout/],
    ['cut data', '{"v":1,"step":300,"end":0,"data":"AAA="}', /cut short/],
    ['too large', 'x'.repeat(HISTORY_MAX_BYTES + 1), /too large/],
  ])('refuses %s', (_name, text, message) => {
    expect(() => decodeHistory(text)).toThrow(HistoryError);
    expect(() => decodeHistory(text)).toThrow(message);
  });

  it('stores one file per key in the directory, escaping the key', async () => {
    const store = createFileHistoryStore(join(dir, 'store'));
    expect(await store.read('shop/web/orders')).toBeUndefined();
    await store.write('shop/web/orders', 'a');
    await store.write('../../etc/passwd', 'b');
    expect(await store.read('shop/web/orders')).toBe('a');
    expect(readdirSync(join(dir, 'store')).sort()).toEqual(
      [toFileName('../../etc/passwd'), toFileName('shop/web/orders')].sort(),
    );
    expect(toFileName('../x')).toBe('..%2fx.json');
  });

  it('backfills from a CSV series', () => {
    const h = backfillHistory(toSeries([1, 2, 3], 300), 'demand', 300);
    expect(h?.values).toEqual([1, 2, 3]);
    expect(h?.stepSeconds).toBe(300);
  });
});
