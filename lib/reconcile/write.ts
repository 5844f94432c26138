/**
 * Every write of one BusinessScaling goes through here, in this order (record before acting):
 * 1. the status that records the decision (scale event, intent, history), with the
 *    resourceVersion the run read as a precondition;
 * 2. only when that succeeded, `/scale`, with the resourceVersion of the Scale the decision read
 *    as a precondition (a 409 goes back to the caller, which reads and decides again once);
 * 3. once `/scale` answered, the step recorded as confirmed: its event at the time the answer
 *    came, its intent gone (with the record's resourceVersion as a precondition);
 * 4. events (a failed event is a warning, never an error).
 * A failed `/scale` keeps its record (the failure may be ambiguous: a reset after the server
 * applied it): its pending event counts as a step taken until its write can no longer land
 * (lib/behavior/pending.ts). Every request checks the run's write deadline (its lease, its run
 * deadline) when it is sent, not when it is queued (lib/kube/writeGate.ts): one not sent is
 * `refused`.
 */
import { recordedChange } from '../decide/state.js';
import { toUnixSeconds } from '../behavior/history.js';
import { lostOf } from '../record/lost.js';
import { KubeApiError, type ScalingObject } from '../kube/port.js';
import { WriteRefusedError } from '../kube/writeGate.js';
import { confirmIntent, keepRecord, withIntent } from '../state/intent.js';
import { asWritten } from '../state/patch.js';
import type { Intent, State } from '../state/types.js';
import { scalesOf } from '../scales/scales.js';
import { clockOf, type RunContext } from './context.js';
import type { Decided } from './decideOne.js';
import type { Outcome } from './outcome.js';
import { toRecord } from './runFields.js';
import { messageOf, writeEventList, writeEvents, writeStatus } from './writeStatus.js';

export interface Written {
  /** The final outcome: `rescaled` true only when `/scale` was patched. */
  readonly outcome: Outcome;
  /** The status write failed (safe message): nothing was patched on `/scale`. */
  readonly statusError?: string;
  /** 409 on the status write: the object changed since it was read; nothing else written. */
  readonly conflict?: boolean;
  /** A write was not sent: the run's write deadline passed (`statusError` says which). */
  readonly refused?: boolean;
  /** 409 on `/scale`: the workload changed since it was read. What was recorded, and its version. */
  readonly scaleConflict?: { readonly state: State; readonly resourceVersion?: string };
}

/** Observe mode never scales: its decision is recorded only (`outcome.observe`). */
const willScale = (o: Outcome): o is Extract<Outcome, { kind: 'decided' }> =>
  o.kind === 'decided' && o.observe === undefined && o.decision.action === 'scale';

/**
 * `prev`: the State read with `obj`. `again`: this is the decision made again after a 409 on
 * `/scale`; a second 409 is a failure.
 */
export async function writeResource(
  ctx: RunContext,
  obj: ScalingObject,
  prev: State,
  decided: Decided,
  again = false,
): Promise<Written> {
  const { outcome, at } = decided;
  const { name, generation, resourceVersion } = obj.metadata;
  const planned = willScale(outcome) ? { ...outcome, rescaled: true } : outcome;
  const recordOf = (o: Outcome) => toRecord(prev, o, at, generation, ctx.decisionHistory);
  let record = recordOf(planned);
  let intent: Intent | undefined;
  if (willScale(planned)) {
    const from = planned.scale.specReplicas;
    const change = recordedChange(planned.spec, planned.decision, from);
    intent = { replicas: planned.decision.desiredReplicas, from, time: toUnixSeconds(at), change };
    // Its event is pending until /scale answers (lib/behavior/pending.ts).
    record = withIntent(record, intent);
  }
  const recorded = await writeStatus(ctx, name, prev, record, resourceVersion);
  if (!recorded.ok) {
    ctx.noteLost?.(name, lostOf(prev.scaling, record.scaling)); // for the run record (lib/record/lost.ts)
    if (recorded.conflict || recorded.refused)
      return { outcome, ...recorded, statusError: recorded.message };
    const message = `could not record the decision: ${recorded.message}`;
    await writeEventList(ctx, obj, [{ type: 'Warning', reason: 'FailedUpdateStatus', message }]);
    return { outcome, statusError: recorded.message };
  }
  if (!willScale(planned) || intent === undefined) {
    await writeEvents(ctx, obj, outcome, prev);
    return { outcome };
  }
  try {
    const { spec, decision, scale } = planned;
    await scalesOf(ctx).patch(spec.target, decision.desiredReplicas, scale);
  } catch (err) {
    if (err instanceof WriteRefusedError) {
      return { outcome, refused: true, statusError: `decision recorded; ${err.message}` };
    }
    if (err instanceof KubeApiError && err.status === 409 && !again) {
      const conflict = { state: asWritten(record), resourceVersion: recorded.resourceVersion };
      return { outcome, scaleConflict: conflict };
    }
    const rescaleError =
      err instanceof KubeApiError && err.status === 409
        ? 'the replicas changed again since they were read (409); not scaled, the next run decides again'
        : messageOf(err);
    const failed: Outcome = { ...planned, rescaled: false, rescaleError };
    // The failure goes into the conditions, but the record stays: a reset or a 5xx may come
    // after the server applied the patch: its event stays pending (lib/behavior/pending.ts).
    const next = keepRecord(recordOf(failed), record);
    const noted = await writeStatus(ctx, name, asWritten(record), next, recorded.resourceVersion);
    if (!noted.ok) ctx.warn(`cr=${name} could not record the failed rescale: ${noted.message}`);
    await writeEvents(ctx, obj, failed, prev);
    return { outcome: failed };
  }
  // Confirmed: the step is recorded as done, at the time its answer came (at or after it landed).
  // A rescale that records no scale event (no behavior, a scale to zero) has nothing pending.
  if (intent.change === 0) {
    await writeEvents(ctx, obj, planned, prev);
    return { outcome: planned };
  }
  const margin = Math.ceil((ctx.clockMarginMs ?? 0) / 1000);
  const answered = toUnixSeconds(clockOf(ctx)) + margin;
  const done = confirmIntent(record, intent, answered);
  const noted = await writeStatus(
    ctx,
    name,
    asWritten(record),
    done,
    recorded.resourceVersion,
    true,
  );
  if (!noted.ok) ctx.warn(`cr=${name} could not record the step as confirmed: ${noted.message}`);
  await writeEvents(ctx, obj, planned, prev);
  return { outcome: planned };
}
