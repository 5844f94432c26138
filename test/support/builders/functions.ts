/**
 * What the Functions host hands a handler: a timer payload and an InvocationContext whose log
 * lines are kept as [level, line] for the assertions.
 */
import { InvocationContext, type Timer } from '@azure/functions';

/** A timer tick; `over` replaces isPastDue or the schedule status. */
export const timerTick = (over: Partial<Timer> = {}): Timer => ({
  isPastDue: false,
  schedule: { adjustForDST: false },
  scheduleStatus: { last: '', next: '', lastUpdated: '' },
  ...over,
});

/** An InvocationContext and the log lines it received. */
export function invocation() {
  const logs: [string, string][] = [];
  const ctx = new InvocationContext({
    functionName: 'test',
    logHandler: (level, ...args) => logs.push([level, args.map(String).join(' ')]),
  });
  return { ctx, logs };
}
