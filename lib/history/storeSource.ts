/**
 * The stored history source: a HistoryStore (file, Azure Storage) read, this run's reading
 * appended, and written back only when a new bucket began (at most once per bucket, never on
 * every run). A damaged history is replaced by a fresh one holding this reading, and the run
 * is told so with a HistoryError; a store that cannot be read or written is a HistoryError too.
 * Its messages name the failure only (an error code), never a path, URL or body.
 */
import {
  appendReading,
  decodeHistory,
  encodeHistory,
  HistoryError,
  type MetricHistory,
} from './codec.js';
import type { HistoryStore } from './port.js';
import { toStoreKey, type HistorySource } from './source.js';

/** `EACCES`, `RestError 403`: what went wrong, without the message (it may hold a path or URL). */
function describeFailure(err: unknown): string {
  if (err instanceof HistoryError) return err.message;
  const e = err as { code?: unknown; statusCode?: unknown; name?: unknown } | undefined;
  const code = typeof e?.code === 'string' && /^[A-Za-z0-9_]{1,40}$/.test(e.code) ? e.code : '';
  const status = typeof e?.statusCode === 'number' ? ` ${e.statusCode}` : '';
  const name = typeof e?.name === 'string' && /^[A-Za-z]{1,40}$/.test(e.name) ? e.name : 'error';
  return `${code || name}${status}`;
}

async function readStored(
  store: HistoryStore,
  key: string,
): Promise<{ stored?: MetricHistory; damaged?: string }> {
  let text: string | undefined;
  try {
    text = await store.read(key);
  } catch (err) {
    throw new HistoryError(`could not read the stored history (${describeFailure(err)})`);
  }
  if (text === undefined) return {};
  try {
    return { stored: decodeHistory(text) };
  } catch (err) {
    if (!(err instanceof HistoryError)) throw err;
    return { damaged: err.message };
  }
}

export function createStoreHistorySource(store: HistoryStore): HistorySource {
  return {
    async observe(key, nowSeconds, reading, stepSeconds) {
      const storeKey = toStoreKey(key);
      const { stored, damaged } = await readStored(store, storeKey);
      // A failed read is a gap (NaN) in memory only: a later run in the same bucket may still
      // record a reading, so nothing is written for it.
      const { history, changed } = appendReading(stored, nowSeconds, reading ?? NaN, stepSeconds);
      const write = (changed && reading !== undefined) || damaged !== undefined;
      if (write) {
        try {
          await store.write(storeKey, encodeHistory(history));
        } catch (err) {
          throw new HistoryError(`could not store the history (${describeFailure(err)})`);
        }
      }
      if (damaged !== undefined) throw new HistoryError(`${damaged}; started a new history`);
      return history;
    },
  };
}
