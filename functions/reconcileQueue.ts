/**
 * Queue trigger (%WORK_QUEUE%, identity-based connection `WorkQueue`): one work message = one
 * (cluster, shard) run, under that shard's lease. Never throws: a bad or stale message is dropped
 * with one line, a failed run is logged, and the next tick sends fresh work (host.json: one
 * dequeue only, so nothing is replayed late).
 */
import { app, type InvocationContext } from '@azure/functions';
import { runWorkMessage } from '../lib/app/fanout.js';
import { loggerOf, logRun } from '../lib/app/invocation.js';
import { getAppRuntime, type AppRuntime } from '../lib/app/runtime.js';

export function makeReconcileQueue(
  getRuntime: () => AppRuntime = getAppRuntime,
  now: () => Date = () => new Date(),
) {
  return async function reconcileQueue(item: unknown, context: InvocationContext): Promise<void> {
    try {
      const outcome = await runWorkMessage(getRuntime(), item, loggerOf(context), now());
      if (outcome.kind === 'ran') logRun(context, outcome.run);
    } catch (err) {
      // Only settings that cannot be parsed get here; the timer fails loudly on them too.
      context.error(`work message not handled: ${err instanceof Error ? err.message : 'error'}`);
    }
  };
}

export const reconcileQueue = makeReconcileQueue();

app.storageQueue('reconcileQueue', {
  queueName: '%WORK_QUEUE%',
  connection: 'WorkQueue',
  handler: reconcileQueue,
});
