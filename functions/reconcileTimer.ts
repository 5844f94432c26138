/** Timer trigger: one reconcile of every BusinessScaling per schedule tick (%RECONCILE_SCHEDULE%). */
import { app, type InvocationContext, type Timer } from '@azure/functions';
import { getSharedRuntime, runWith, type Runtime } from '../lib/app/runtime.js';
import { formatSummary } from '../lib/reconcile/report.js';

export function makeReconcileTimer(getRuntime: () => Runtime = getSharedRuntime) {
  return async function reconcileTimer(timer: Timer, context: InvocationContext): Promise<void> {
    if (timer.isPastDue) {
      context.warn(
        `timer is past due (last run ${timer.scheduleStatus?.last ?? 'unknown'}); reconciling now`,
      );
    }
    const log = { info: (l: string) => context.log(l), warn: (l: string) => context.warn(l) };
    // A failure that affects every resource (cannot list, cannot authenticate) fails the invocation.
    const report = await runWith(getRuntime(), log, {});
    context.log(formatSummary(report));
  };
}

export const reconcileTimer = makeReconcileTimer();

app.timer('reconcileTimer', { schedule: '%RECONCILE_SCHEDULE%', handler: reconcileTimer });
