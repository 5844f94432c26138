/**
 * The history store in Azure Blob Storage: one block blob per key (lib/history/blobName.ts) in
 * one container. Reads are bounded: one ranged GET of at most `maxBytes + 1` bytes, so a blob
 * over the bound is never downloaded whole; what it returns (cut there) decodeHistory refuses
 * as too large, and the caller may replace it. Writes are conditional on what was read
 * (If-Match its ETag; If-None-Match `*` when there was none, or nothing was read), so two
 * writers never overwrite each other: the loser gets a HistoryError, and nothing is retried
 * here (the next run re-reads). A write whose outcome is unknown forgets the ETag. Errors name
 * the HTTP status and storage code only, never a URL, header or body.
 */
import type { ContainerClient } from '@azure/storage-blob';
import { HISTORY_MAX_BYTES, HistoryError } from './codec.js';
import { toBlobName } from './blobName.js';
import type { HistoryStore } from './port.js';
import { readCapped } from './blobBody.js';

export interface BlobStoreOptions {
  /** Largest blob read or written, in bytes (default HISTORY_MAX_BYTES). */
  readonly maxBytes?: number;
  /** Per request (default 10 s): a hanging storage account fails the call in this time. */
  readonly timeoutMs?: number;
  /** ETags remembered between a read and its write (default 100,000 keys; oldest dropped). */
  readonly maxRemembered?: number;
}

/** The ETag a key was read at; ABSENT: read, and there was no blob. */
const ABSENT = Symbol('absent');
type Seen = string | typeof ABSENT;

const statusOf = (err: unknown) => (err as { statusCode?: unknown }).statusCode;
const codeOf = (err: unknown) => {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Za-z_]{1,60}$/.test(code) ? code : undefined;
};

/** A storage failure as a safe sentence: status and storage code, or the error's name. */
export function describeStorageError(err: unknown): string {
  const status = statusOf(err);
  const parts = [typeof status === 'number' ? String(status) : undefined, codeOf(err)];
  const known = parts.filter((p) => p !== undefined);
  if (known.length > 0) return known.join(' ');
  return err instanceof Error ? err.name : typeof err;
}

export function createBlobHistoryStore(
  container: ContainerClient,
  options: BlobStoreOptions = {},
): HistoryStore {
  const maxBytes = options.maxBytes ?? HISTORY_MAX_BYTES;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRemembered = options.maxRemembered ?? 100_000;
  const seen = new Map<string, Seen>();
  const remember = (key: string, value: Seen) => {
    seen.delete(key);
    seen.set(key, value);
    if (seen.size > maxRemembered) seen.delete(seen.keys().next().value!);
  };
  const fail = (what: string, err: unknown): HistoryError => {
    if (codeOf(err) === 'ContainerNotFound') {
      return new HistoryError(`history container "${container.containerName}" does not exist`);
    }
    return new HistoryError(`history ${what} failed: ${describeStorageError(err)}`);
  };

  return {
    async read(key) {
      const blob = container.getBlockBlobClient(toBlobName(key));
      seen.delete(key);
      const abortSignal = AbortSignal.timeout(timeoutMs);
      try {
        const res = await blob.download(0, maxBytes + 1, { abortSignal, maxRetryRequests: 0 });
        // Over the bound: its first maxBytes + 1 bytes only, which decodeHistory refuses as too
        // large, so the caller can replace it (If-Match the ETag of this read).
        const text = await readCapped(res.readableStreamBody, maxBytes + 1);
        if (res.etag !== undefined) remember(key, res.etag);
        return text;
      } catch (err) {
        if (err instanceof HistoryError) throw err;
        if (codeOf(err) === 'BlobNotFound') {
          remember(key, ABSENT);
          return undefined;
        }
        // A range on an empty blob is a 416: the blob is there, with nothing in it.
        if (statusOf(err) === 416) {
          const props = await blob.getProperties({ abortSignal }).catch((e: unknown) => {
            throw fail('read', e);
          });
          if (props.etag !== undefined) remember(key, props.etag);
          return '';
        }
        throw fail('read', err);
      }
    },

    async write(key, encoded) {
      const bytes = Buffer.byteLength(encoded);
      if (bytes > maxBytes) {
        throw new HistoryError(`history of ${bytes} bytes is over the ${maxBytes} bound`);
      }
      const read = seen.get(key);
      seen.delete(key);
      const conditions =
        read === undefined || read === ABSENT ? { ifNoneMatch: '*' } : { ifMatch: read };
      try {
        const res = await container.getBlockBlobClient(toBlobName(key)).upload(encoded, bytes, {
          conditions,
          blobHTTPHeaders: { blobContentType: 'application/json' },
          abortSignal: AbortSignal.timeout(timeoutMs),
        });
        if (res.etag !== undefined) remember(key, res.etag);
      } catch (err) {
        const code = codeOf(err);
        if (statusOf(err) === 412 || code === 'BlobAlreadyExists') {
          throw new HistoryError('stored history changed since it was read: not written');
        }
        throw fail('write', err);
      }
    },
  };
}
