/** One timer tick in fan-out mode: plan the (cluster, shard) messages and send them all. */
import { createLimiter } from '../util/limit.js';
import { encodeWorkMessage, planTick } from './message.js';
import { describeQueueError, type WorkQueue } from './queue.js';

export interface TickPlan {
  readonly clusters: readonly string[];
  readonly shards: number;
  readonly ttlSeconds: number;
  readonly now: Date;
}

export interface TickResult {
  readonly planned: number;
  readonly sent: number;
  /** One safe description per failed send (status and storage error code). */
  readonly failures: readonly string[];
}

const SENDS_IN_FLIGHT = 16;

/** Every message is tried once; a failed send does not stop the others. */
export async function enqueueTick(queue: WorkQueue, plan: TickPlan): Promise<TickResult> {
  const messages = planTick(plan.clusters, plan.shards, plan.now, plan.ttlSeconds);
  const limit = createLimiter(SENDS_IN_FLIGHT);
  const results = await Promise.allSettled(
    messages.map((m) => limit(() => queue.send(encodeWorkMessage(m), plan.ttlSeconds))),
  );
  const failures = results.flatMap((r, i) =>
    r.status === 'rejected'
      ? [
          `${messages[i]!.cluster} ${messages[i]!.shard.index}/${plan.shards}: ${describeQueueError(r.reason)}`,
        ]
      : [],
  );
  return { planned: messages.length, sent: messages.length - failures.length, failures };
}

export function formatTick(queueName: string, plan: TickPlan, result: TickResult): string {
  const head =
    `enqueued ${result.sent}/${result.planned} work messages on ${queueName} ` +
    `(${plan.clusters.length} cluster${plan.clusters.length === 1 ? '' : 's'} × ${plan.shards} ` +
    `shard${plan.shards === 1 ? '' : 's'}, ttl ${plan.ttlSeconds} s)`;
  return result.failures.length === 0 ? head : `${head}; failed: ${result.failures.join('; ')}`;
}
