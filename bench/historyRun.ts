/**
 * One run's use of a HistoryStore, as the store-backed HistorySource makes it: read, decode,
 * append this run's reading, write only when a new bucket began.
 */
import { appendReading, decodeHistory, encodeHistory } from '../lib/history/codec.js';
import type { HistoryStore } from '../lib/history/port.js';

export async function observeOnce(
  store: HistoryStore,
  key: string,
  atSeconds: number,
  value: number,
  stepSeconds = 300,
): Promise<{ wrote: boolean; points: number }> {
  const text = await store.read(key);
  const before = text === undefined ? undefined : decodeHistory(text);
  const { history, changed } = appendReading(before, atSeconds, value, stepSeconds);
  if (changed) await store.write(key, encodeHistory(history));
  return { wrote: changed, points: history.values.length };
}
