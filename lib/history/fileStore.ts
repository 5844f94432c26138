/** The CLI's history store: one file per key in a directory, replaced atomically. */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HistoryStore } from './port.js';

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
        return await readFile(join(dir, toFileName(key)), 'utf8');
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
