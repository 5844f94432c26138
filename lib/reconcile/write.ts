/**
 * Every write of one BusinessScaling goes through here, in this order (record before acting):
 * 1. the status that records the decision (scale event, intent, history), with the
 *    resourceVersion the run read as a precondition;
 * 2. only when that succeeded, `/scale`;
 * 3. events (a failed event is a warning, never an error).
 * A failed `/scale` keeps its record (the failure may be ambiguous: a reset after the server
 * applied it): the next run compares the recorded intent with the target and removes the scale
 * event only when the target is still where it was (lib/behavior/intent.ts). Every request
 * checks the run's write deadline (its lease, its run deadline) when it is sent, not when it is
 * queued (lib/kube/writeGate.ts): one not sent is `refused`.
 */
import { recordedChange } from '../decide/state.js';
import { toUnixSeconds } from '../behavior/history.js';
import { settleStatus } from '../behavior/standing.js';
import { KubeApiError, type ScalingObject } from '../kube/port.js';
import { WriteRefusedError } from '../kube/writeGate.js';
import type { ScalingStatus } from '../status/types.js';
import { statusEqual } from '../status/conditions.js';
import { toEvents } from './events.js';
import { scalesOf } from '../scales/scales.js';
import type { RunContext } from './one.js';
import type { Outcome } from './outcome.js';
import { toStatusPatch } from './patch.js';
import { toReadyCondition, toStatus } from './status.js';

export interface Written {
  /** The final outcome: `rescaled` true only when `/scale` was patched. */
  readonly outcome: Outcome;
  /** The status write failed (safe message): nothing was patched on `/scale`. */
  readonly statusError?: string;
  /** 409 on the status write: the object changed since it was read; nothing else written. */
  readonly conflict?: boolean;
  /** A write was not sent: the run's write deadline passed (`statusError` says which). */
  readonly refused?: boolean;
}

type StatusResult =
  | { ok: true; resourceVersion?: string }
  | { ok: false; conflict?: boolean; refused?: boolean; message: string };

const messageOf = (err: unknown): string =>
  err instanceof KubeApiError
    ? err.message
    : `unexpected ${err instanceof Error ? err.name : typeof err}`;

/** Observe mode never scales: its decision is recorded only (`outcome.observe`). */
const willScale = (o: Outcome): o is Extract<Outcome, { kind: 'decided' }> =>
  o.kind === 'decided' && o.observe === undefined && o.decision.action === 'scale';

async function writeStatus(
  ctx: RunContext,
  name: string,
  prev: ScalingStatus | undefined,
  next: ScalingStatus,
  resourceVersion: string | undefined,
): Promise<StatusResult> {
  // An applied intent left in status is harmless: it is not worth a write of its own.
  const bare = prev && next.intent === undefined ? { ...prev, intent: undefined } : prev;
  if (bare && statusEqual(bare, next)) return { ok: true, resourceVersion };
  // Only standing times moved: the run's time in the Lease stands for them (standing.ts).
  if (bare && ctx.settle === true && statusEqual(bare, settleStatus(bare, next))) {
    return { ok: true, resourceVersion };
  }
  try {
    const patch = toStatusPatch(prev, next);
    const rv = await ctx.kubeLimit(() => ctx.kube.patchStatus(name, patch, resourceVersion));
    return { ok: true, resourceVersion: rv };
  } catch (err) {
    const conflict = err instanceof KubeApiError && err.status === 409;
    const refused = err instanceof WriteRefusedError; // not sent: the run's write deadline
    return { ok: false, conflict, refused, message: messageOf(err) };
  }
}

async function writeEvents(
  ctx: RunContext,
  obj: ScalingObject,
  outcome: Outcome,
  prev?: ScalingStatus,
) {
  const generation = obj.metadata.generation;
  const prevReady = prev?.conditions?.find((c) => c.type === 'Ready');
  const events = toEvents(outcome, prevReady, toReadyCondition(outcome, generation), prev);
  await writeEventList(ctx, obj, events);
}

async function writeEventList(
  ctx: RunContext,
  obj: ScalingObject,
  events: Parameters<RunContext['kube']['createEvent']>[1][],
) {
  const name = obj.metadata.name;
  const results = await Promise.allSettled(
    events.map((e) => ctx.kubeLimit(() => ctx.kube.createEvent(obj, e))),
  );
  for (const r of results) {
    if (r.status === 'rejected')
      ctx.warn(`cr=${name} could not write an event: ${messageOf(r.reason)}`);
  }
}

export async function writeResource(
  ctx: RunContext,
  obj: ScalingObject,
  outcome: Outcome,
): Promise<Written> {
  const { name, generation, resourceVersion } = obj.metadata;
  const prev = obj.status;
  const planned = willScale(outcome) ? { ...outcome, rescaled: true } : outcome;
  let record = toStatus(prev, planned, ctx.now, generation, ctx.decisionHistory);
  if (willScale(planned)) {
    const from = planned.scale.specReplicas;
    const change = recordedChange(planned.spec, planned.decision, from);
    const intent = {
      replicas: planned.decision.desiredReplicas,
      from,
      time: toUnixSeconds(ctx.now),
      change,
    };
    record = { ...record, intent };
  }
  const recorded = await writeStatus(ctx, name, prev, record, resourceVersion);
  if (!recorded.ok) {
    if (recorded.conflict || recorded.refused)
      return { outcome, ...recorded, statusError: recorded.message };
    const message = `could not record the decision: ${recorded.message}`;
    await writeEventList(ctx, obj, [{ type: 'Warning', reason: 'FailedUpdateStatus', message }]);
    return { outcome, statusError: recorded.message };
  }
  if (!willScale(planned)) {
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
    const failed: Outcome = { ...planned, rescaled: false, rescaleError: messageOf(err) };
    // The failure goes into the conditions, but the record stays: a reset or a 5xx may come
    // after the server applied the patch. The next run compares the intent with the target.
    const failedStatus = toStatus(prev, failed, ctx.now, generation, ctx.decisionHistory);
    const next = { ...failedStatus, history: record.history, intent: record.intent };
    const noted = await writeStatus(ctx, name, record, next, recorded.resourceVersion);
    if (!noted.ok) ctx.warn(`cr=${name} could not record the failed rescale: ${noted.message}`);
    await writeEvents(ctx, obj, failed, prev);
    return { outcome: failed };
  }
  await writeEvents(ctx, obj, planned, prev);
  return { outcome: planned };
}
