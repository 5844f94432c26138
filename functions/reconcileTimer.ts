/**
 * Timer trigger (%RECONCILE_SCHEDULE%). `FANOUT=inline`: one reconcile of every BusinessScaling
 * per tick. `FANOUT=queue`: one work message per (cluster, shard) on %WORK_QUEUE%, then return;
 * `reconcileQueue` runs each.
 */
import { app, type InvocationContext, type Timer } from '@azure/functions';
import { getWorkQueue, runTick } from '../lib/app/fanout.js';
import { getAppRuntime, runApp, type AppRuntime } from '../lib/app/runtime.js';
import { fleetFailure, loggerOf, logRun } from '../lib/app/invocation.js';
import type { WorkQueue } from '../lib/fanout/queue.js';

export function makeReconcileTimer(
  getRuntime: () => AppRuntime = getAppRuntime,
  getQueue: () => WorkQueue = getWorkQueue,
) {
  return async function reconcileTimer(timer: Timer, context: InvocationContext): Promise<void> {
    if (timer.isPastDue) {
      context.warn(
        `timer is past due (last run ${timer.scheduleStatus?.last ?? 'unknown'}); reconciling now`,
      );
    }
    const runtime = getRuntime();
    if (runtime.settings.fanout.mode === 'queue') {
      const tick = await runTick(runtime, getQueue(), loggerOf(context), new Date());
      if (tick.failures.length > 0)
        throw new Error(`${tick.failures.length} work messages not sent`);
      return;
    }
    // Every shard (SHARDS) of every cluster, each under its own lease: a shard another run
    // holds is skipped with one `skipped: lease …` line, and is no failure.
    // A failure that affects every resource (cannot list, cannot authenticate) fails the
    // invocation; in a fleet, only when that is true of every cluster.
    const run = await runApp(runtime, loggerOf(context), {});
    logRun(context, run);
    const failure = fleetFailure(run.report);
    if (failure !== undefined) throw new Error(failure);
  };
}

export const reconcileTimer = makeReconcileTimer();

app.timer('reconcileTimer', { schedule: '%RECONCILE_SCHEDULE%', handler: reconcileTimer });
