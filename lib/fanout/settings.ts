/**
 * Fan-out settings: `FANOUT` (`inline` runs every shard in the timer; `queue` has the timer
 * enqueue one message per (cluster, shard) and a queue-triggered function run each), the queue
 * name, the message time-to-live, and the identity-based queue connection `WorkQueue`
 * (`WorkQueue__queueServiceUri`, `WorkQueue__credential=managedidentity`, `WorkQueue__clientId`):
 * the same settings the Functions host reads for the trigger, so sender and trigger agree.
 */

export interface FanoutSettings {
  readonly mode: 'inline' | 'queue';
  /** `WORK_QUEUE`: the queue the timer sends to and `reconcileQueue` is triggered by. */
  readonly queue: string;
  /** `WORK_MESSAGE_TTL_SECONDS`: one schedule period; a message older than that is dropped. */
  readonly ttlSeconds: number;
  /** `WorkQueue__queueServiceUri`: `https://<account>.queue.core.windows.net`. */
  readonly queueServiceUri?: string;
  /** `WorkQueue__clientId`, else `AZURE_CLIENT_ID`: the user-assigned identity. */
  readonly clientId?: string;
}

export const FANOUT_DEFAULTS = {
  mode: 'inline',
  queue: 'reconcile-work',
  ttlSeconds: 30,
} as const;

type Env = Readonly<Record<string, string | undefined>>;

/** Azure Storage queue names: 3-63 lowercase letters, digits and single hyphens. */
const QUEUE_NAME = /^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/;

const read = (env: Env, name: string): string | undefined => {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
};

export function readFanoutSettings(env: Env): FanoutSettings {
  const mode = read(env, 'FANOUT') ?? FANOUT_DEFAULTS.mode;
  if (mode !== 'inline' && mode !== 'queue') {
    throw new Error(`setting FANOUT must be inline or queue, got "${mode}"`);
  }
  const queue = read(env, 'WORK_QUEUE') ?? FANOUT_DEFAULTS.queue;
  // The host's poison queue is `<queue>-poison`, which must be a valid name too.
  if (!QUEUE_NAME.test(queue) || queue.length > 56) {
    throw new Error(`setting WORK_QUEUE: not a storage queue name (3-56 chars): "${queue}"`);
  }
  const ttlRaw = read(env, 'WORK_MESSAGE_TTL_SECONDS');
  const ttlSeconds = ttlRaw === undefined ? FANOUT_DEFAULTS.ttlSeconds : Number(ttlRaw);
  if (!/^\d+$/.test(ttlRaw ?? '30') || ttlSeconds < 1 || ttlSeconds > 3600) {
    throw new Error(`setting WORK_MESSAGE_TTL_SECONDS must be 1-3600, got "${ttlRaw}"`);
  }
  const queueServiceUri = read(env, 'WorkQueue__queueServiceUri');
  if (queueServiceUri !== undefined && !/^https?:\/\/[^?#@\s]+$/.test(queueServiceUri)) {
    throw new Error('setting WorkQueue__queueServiceUri must be http(s)://<host>[/path]');
  }
  if (mode === 'queue' && queueServiceUri === undefined) {
    throw new Error(
      'FANOUT=queue needs WorkQueue__queueServiceUri (the identity-based connection)',
    );
  }
  const credential = read(env, 'WorkQueue__credential');
  if (credential !== undefined && credential !== 'managedidentity') {
    throw new Error(`setting WorkQueue__credential must be managedidentity, got "${credential}"`);
  }
  const clientId = read(env, 'WorkQueue__clientId') ?? read(env, 'AZURE_CLIENT_ID');
  return Object.freeze({ mode, queue, ttlSeconds, queueServiceUri, clientId });
}
