/** Timer trigger: one reconcile of every BusinessScaling per schedule tick (%RECONCILE_SCHEDULE%). */
import { app, type InvocationContext, type Timer } from '@azure/functions';
import { getAppRuntime, runApp, type AppRuntime } from '../lib/app/runtime.js';
import { fleetFailure, loggerOf, logRun } from '../lib/app/invocation.js';

export function makeReconcileTimer(getRuntime: () => AppRuntime = getAppRuntime) {
  return async function reconcileTimer(timer: Timer, context: InvocationContext): Promise<void> {
    if (timer.isPastDue) {
      context.warn(
        `timer is past due (last run ${timer.scheduleStatus?.last ?? 'unknown'}); reconciling now`,
      );
    }
    // A failure that affects every resource (cannot list, cannot authenticate) fails the
    // invocation; in a fleet, only when that is true of every cluster.
    const run = await runApp(getRuntime(), loggerOf(context), {});
    logRun(context, run);
    const failure = fleetFailure(run.report);
    if (failure !== undefined) throw new Error(failure);
  };
}

export const reconcileTimer = makeReconcileTimer();

app.timer('reconcileTimer', { schedule: '%RECONCILE_SCHEDULE%', handler: reconcileTimer });
