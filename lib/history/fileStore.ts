/**
 * The CLI's history store: one file per key in a directory, replaced atomically. A read takes
 * at most HISTORY_MAX_BYTES + 1 bytes (a larger file decodes as "too large": started afresh).
 */
import { mkdir, open, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HISTORY_MAX_BYTES } from './codec.js';
import type { HistoryStore } from './port.js';

async function readBounded(path: string): Promise<string> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HISTORY_MAX_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await file.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    await file.close();
  }
}

/** A key as a file name: every character outside [A-Za-z0-9._-] escaped, so no path escapes. */
export function toFileName(key: string): string {
  return (
    key.replace(/[^A-Za-z0-9._-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`) +
    '.json'
  );
}

export function createFileHistoryStore(dir: string): HistoryStore {
  return {
    async read(key) {
      try {
        return await readBounded(join(dir, toFileName(key)));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
    async write(key, encoded) {
      await mkdir(dir, { recursive: true });
      const path = join(dir, toFileName(key));
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, encoded);
      await rename(tmp, path);
    },
  };
}
