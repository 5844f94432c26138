/**
 * A history key (`namespace/name/metric`, hostile input) as a blob name: every UTF-16 unit
 * outside [A-Za-z0-9_-] escaped (`%xx` below 0x100, `%uxxxx` above), so the name has no `/`,
 * `.` or `..` segment, never ends in a dot, and two keys never share a name. A name that would
 * exceed MAX_READABLE characters is the key's SHA-256 instead, under its own prefix (an
 * escaped name never contains `/`, so the two kinds never meet). Blob names may be 1,024.
 */
import { createHash } from 'node:crypto';

export const MAX_READABLE = 512;
const PREFIX = 'v1/';

function escapeUnit(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x100
    ? `%${code.toString(16).padStart(2, '0')}`
    : `%u${code.toString(16).padStart(4, '0')}`;
}

export function toBlobName(key: string): string {
  // Bounded: a key longer than the readable limit is hashed without being escaped.
  if (key.length <= MAX_READABLE) {
    const escaped = key.replace(/[^A-Za-z0-9_-]/g, escapeUnit);
    if (escaped.length <= MAX_READABLE) return `${PREFIX}${escaped}.json`;
  }
  return `${PREFIX}sha256/${createHash('sha256').update(key, 'utf16le').digest('hex')}.json`;
}
