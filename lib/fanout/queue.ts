/**
 * The work queue port (`send` a text message with a time-to-live) and its Azure Storage
 * adapter. Messages go out base64-encoded, which is what the Functions queue trigger expects by
 * default (`extensions.queues.messageEncoding`). In Azure the client authenticates with the
 * managed identity against `WorkQueue__queueServiceUri`: there is no key or connection string.
 * `@azure/storage-queue` is loaded on the first send, so an inline-mode app never loads it.
 */
import type { TokenCredential } from '@azure/identity';
import type { QueueClient } from '@azure/storage-queue';
import { lazyCredential } from '../azure/credential.js';
import type { FanoutSettings } from './settings.js';

export interface WorkQueue {
  send(message: string, ttlSeconds: number): Promise<void>;
}

/** Over a QueueClient built elsewhere (tests: Azurite's development account). */
export function storageWorkQueue(client: QueueClient): WorkQueue {
  return {
    async send(message, ttlSeconds) {
      const text = Buffer.from(message, 'utf8').toString('base64');
      await client.sendMessage(text, { messageTimeToLive: ttlSeconds });
    },
  };
}

/** The identity-based queue of the settings, connected on first use. */
export function identityWorkQueue(
  settings: FanoutSettings,
  credential: () => Promise<TokenCredential> = lazyCredential(settings.clientId),
): WorkQueue {
  const uri = settings.queueServiceUri;
  let queue: Promise<WorkQueue> | undefined;
  const open = async (): Promise<WorkQueue> => {
    if (uri === undefined) throw new Error('WorkQueue__queueServiceUri is not set');
    const { QueueServiceClient } = await import('@azure/storage-queue');
    const service = new QueueServiceClient(uri, await credential());
    return storageWorkQueue(service.getQueueClient(settings.queue));
  };
  return {
    async send(message, ttlSeconds) {
      queue ??= open().catch((e: unknown) => {
        queue = undefined;
        throw e;
      });
      await (await queue).send(message, ttlSeconds);
    },
  };
}

/**
 * A send failure, safe to log: the HTTP status and storage error code, or the error's name.
 * (A RestError's message can carry the request URL; it is never used.)
 */
export function describeQueueError(err: unknown): string {
  const e = err as { statusCode?: unknown; code?: unknown; name?: unknown };
  const status = typeof e.statusCode === 'number' ? String(e.statusCode) : undefined;
  const code = typeof e.code === 'string' && /^[A-Za-z_]{1,60}$/.test(e.code) ? e.code : undefined;
  const parts = [status, code].filter((p) => p !== undefined);
  if (parts.length > 0) return parts.join(' ');
  return err instanceof Error ? err.name : typeof err;
}
