/**
 * Shards: a BusinessScaling belongs to shard `fnv1a32(name) mod count`. FNV-1a (32-bit, over the
 * name's UTF-8 bytes) is documented and stable across languages and versions, so any instance,
 * any release and any tool agree on which shard holds a resource.
 */

export interface Shard {
  /** 0-based, < count. */
  readonly index: number;
  /** ≥ 1. */
  readonly count: number;
}

const OFFSET_BASIS = 0x811c9dc5;
const PRIME = 0x01000193;

/** FNV-1a 32-bit of the UTF-8 bytes of `text`, as an unsigned integer. */
export function fnv1a32(text: string): number {
  let hash = OFFSET_BASIS;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, PRIME) >>> 0;
  }
  return hash >>> 0;
}

export function shardOf(name: string, count: number): number {
  return fnv1a32(name) % count;
}

export const inShard = (name: string, shard: Shard | undefined): boolean =>
  shard === undefined || shard.count <= 1 || shardOf(name, shard.count) === shard.index;

/** `i/n` (as `--shard` takes it) → a Shard, or a message saying what is wrong. */
export function parseShard(raw: string): Shard | string {
  const m = /^(\d{1,4})\/(\d{1,4})$/.exec(raw.trim());
  if (!m) return `shard must be i/n (e.g. 0/4), got "${raw}"`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) return `shard count must be at least 1, got ${count}`;
  if (index >= count) return `shard index must be below ${count}, got ${index}`;
  return { index, count };
}
