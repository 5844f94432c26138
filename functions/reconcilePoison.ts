/**
 * Queue trigger on `%WORK_QUEUE%-poison`: the host moves a work message there when its
 * invocation failed (host crash, timeout). Each is logged as one dropped line and removed, so
 * the poison queue stays empty instead of keeping every failure for the default 7 days.
 */
import { app, type InvocationContext } from '@azure/functions';
import { dropPoisoned } from '../lib/app/fanout.js';
import { loggerOf } from '../lib/app/invocation.js';
import { getAppRuntime, type AppRuntime } from '../lib/app/runtime.js';

export function makeReconcilePoison(getRuntime: () => AppRuntime = getAppRuntime) {
  return function reconcilePoison(item: unknown, context: InvocationContext): Promise<void> {
    try {
      dropPoisoned(getRuntime(), item, loggerOf(context));
    } catch (err) {
      context.error(
        `poisoned work message removed: ${err instanceof Error ? err.message : 'error'}`,
      );
    }
    return Promise.resolve();
  };
}

export const reconcilePoison = makeReconcilePoison();

app.storageQueue('reconcilePoison', {
  queueName: '%WORK_QUEUE%-poison',
  connection: 'WorkQueue',
  handler: reconcilePoison,
});
