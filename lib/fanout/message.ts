/**
 * The work message of the queue fan-out: one per (cluster, shard) per tick,
 * `{ v: 1, cluster, shard: { index, count }, tick, expiresAt }`. `planTick` makes a tick's
 * messages; `decodeWorkMessage` accepts a message only if this instance would plan the same
 * one now: a known cluster, the current shard count, an index in range, not expired. Anything
 * else comes back as a reason (never an exception), safe to log: no field of the message is
 * echoed unless it has the shape of a name.
 */
import type { Shard } from '../shard/shard.js';

export interface WorkMessage {
  readonly v: 1;
  /** The cluster's label in the fleet (`resourceGroup/name`), `default` for a single cluster. */
  readonly cluster: string;
  readonly shard: Shard;
  /** ISO time of the timer tick that sent it. */
  readonly tick: string;
  /** ISO time after which it is stale (tick + WORK_MESSAGE_TTL_SECONDS). */
  readonly expiresAt: string;
}

export function planTick(
  clusters: readonly string[],
  shards: number,
  now: Date,
  ttlSeconds: number,
): WorkMessage[] {
  const tick = now.toISOString();
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000).toISOString();
  return clusters.flatMap((cluster) =>
    Array.from({ length: shards }, (_, index) => ({
      v: 1 as const,
      cluster,
      shard: { index, count: shards },
      tick,
      expiresAt,
    })),
  );
}

export const encodeWorkMessage = (m: WorkMessage): string => JSON.stringify(m);

export interface Expected {
  readonly clusters: readonly string[];
  readonly shards: number;
  readonly now: Date;
}

export type Decoded =
  | { readonly ok: true; readonly message: WorkMessage }
  | { readonly ok: false; readonly reason: string };

const drop = (reason: string): Decoded => ({ ok: false, reason });

/** A value from the message, shown only if it looks like a name; else its type. */
const show = (v: unknown): string =>
  typeof v === 'string' && /^[A-Za-z0-9._/-]{1,100}$/.test(v) ? `'${v}'` : `(${typeof v})`;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isTime = (v: unknown): v is string =>
  typeof v === 'string' && v.length <= 40 && !Number.isNaN(Date.parse(v));

/**
 * The Functions host hands a JSON message over parsed (an object) and anything else as a
 * string; both are accepted here.
 */
export function decodeWorkMessage(raw: unknown, expected: Expected): Decoded {
  let body = raw;
  if (typeof raw === 'string') {
    try {
      body = JSON.parse(raw);
    } catch {
      return drop('not JSON');
    }
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return drop('not a JSON object');
  }
  const m = body as Record<string, unknown>;
  if (m.v !== 1) return drop(`unsupported version ${show(m.v)}`);
  if (typeof m.cluster !== 'string' || !expected.clusters.includes(m.cluster)) {
    return drop(`unknown cluster ${show(m.cluster)}`);
  }
  const shard = (typeof m.shard === 'object' && m.shard !== null ? m.shard : {}) as Record<
    string,
    unknown
  >;
  const { index, count } = shard;
  if (!isInt(index) || !isInt(count)) return drop('shard must be {index, count} integers');
  if (count !== expected.shards) {
    return drop(`shard count ${count} is not SHARDS=${expected.shards}`);
  }
  if (index < 0 || index >= count) return drop(`shard ${index}/${count} out of range`);
  if (!isTime(m.tick) || !isTime(m.expiresAt)) return drop('tick and expiresAt must be ISO times');
  if (Date.parse(m.expiresAt) <= expected.now.getTime()) {
    return drop(`stale: expired at ${new Date(m.expiresAt).toISOString()}`);
  }
  const message = {
    v: 1,
    cluster: m.cluster,
    shard: { index, count },
    tick: m.tick,
    expiresAt: m.expiresAt,
  } as const;
  return { ok: true, message };
}
