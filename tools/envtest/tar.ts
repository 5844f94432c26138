/**
 * The little of tar.gz that envtest release archives need: regular files, read by base name
 * (as setup-envtest does: the archive's folders are ignored), and written back (tests build
 * archives with it). No links, no paths out of the target: a name is only ever a base name.
 */
import { gunzipSync, gzipSync } from 'node:zlib';

export interface TarFile {
  readonly name: string;
  readonly mode: number;
  readonly data: Buffer;
}

const BLOCK = 512;

const field = (b: Buffer, at: number, len: number) =>
  b
    .subarray(at, at + len)
    .toString('latin1')
    .replace(/\0.*$/s, '')
    .trim();

/** Regular files of a .tar.gz, each by its base name; throws on a truncated archive. */
export function readTarGz(archive: Buffer): TarFile[] {
  const tar = gunzipSync(archive);
  const files: TarFile[] = [];
  for (let at = 0; at + BLOCK <= tar.length;) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const name = field(header, 0, 100);
    const prefix = field(header, 345, 155);
    const size = parseInt(field(header, 124, 12) || '0', 8);
    const type = String.fromCharCode(header[156] ?? 0);
    const start = at + BLOCK;
    if (!Number.isFinite(size) || start + size > tar.length) throw new Error('truncated archive');
    if (type === '0' || type === '\0') {
      const full = prefix ? `${prefix}/${name}` : name;
      const base = full.split('/').filter(Boolean).pop();
      if (base && base !== '.' && base !== '..') {
        const mode = parseInt(field(header, 100, 8) || '644', 8);
        files.push({ name: base, mode, data: Buffer.from(tar.subarray(start, start + size)) });
      }
    }
    at = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  return files;
}

/** A .tar.gz of `files` under `dir/` (ustar headers). */
export function writeTarGz(files: readonly TarFile[], dir = 'controller-tools/envtest'): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) {
    const header = Buffer.alloc(BLOCK);
    const put = (s: string, at: number, len: number) => header.write(s, at, len, 'latin1');
    put(`${dir}/${f.name}`, 0, 100);
    put(`${f.mode.toString(8).padStart(7, '0')}\0`, 100, 8);
    put('0000000\0', 108, 8);
    put('0000000\0', 116, 8);
    put(`${f.data.length.toString(8).padStart(11, '0')}\0`, 124, 12);
    put('00000000000\0', 136, 12);
    put('        ', 148, 8);
    put('0', 156, 1);
    put('ustar\x0000', 257, 8);
    const sum = header.reduce((a, b) => a + b, 0);
    put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
    parts.push(header, f.data, Buffer.alloc((BLOCK - (f.data.length % BLOCK)) % BLOCK));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(parts), { level: 1 });
}
