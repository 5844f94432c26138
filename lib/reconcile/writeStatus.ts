/** The status write (a minimal merge patch under a resourceVersion precondition) and events. */
import { KubeApiError, type EventInput, type ScalingObject } from '../kube/port.js';
import { WriteRefusedError } from '../kube/writeGate.js';
import { toPatch } from '../state/patch.js';
import type { State } from '../state/types.js';
import type { RunContext } from './context.js';
import { toEvents } from './events.js';
import type { Outcome } from './outcome.js';
import { toReadyCondition } from './statusConditions.js';

type StatusResult =
  | { ok: true; resourceVersion?: string }
  | { ok: false; conflict?: boolean; refused?: boolean; message: string };

export const messageOf = (err: unknown): string =>
  err instanceof KubeApiError
    ? err.message
    : `unexpected ${err instanceof Error ? err.name : typeof err}`;

/**
 * `next` over `prev` (as the server holds it), when worth a write (lib/state/patch.ts).
 * `always`: written even when only the intent went (a confirmation).
 */
export async function writeStatus(
  ctx: RunContext,
  name: string,
  prev: State,
  next: State,
  resourceVersion: string | undefined,
  always = false,
): Promise<StatusResult> {
  const patch = toPatch(prev, next, { settle: ctx.settle === true, always });
  if (patch === undefined) return { ok: true, resourceVersion };
  try {
    const rv = await ctx.kubeLimit(() => ctx.kube.patchStatus(name, patch, resourceVersion));
    return { ok: true, resourceVersion: rv };
  } catch (err) {
    const conflict = err instanceof KubeApiError && err.status === 409;
    const refused = err instanceof WriteRefusedError; // not sent: the run's write deadline
    return { ok: false, conflict, refused, message: messageOf(err) };
  }
}

export async function writeEvents(
  ctx: RunContext,
  obj: ScalingObject,
  outcome: Outcome,
  prev?: State,
) {
  const generation = obj.metadata.generation;
  const prevReady = prev?.conditions.find((c) => c.type === 'Ready');
  const events = toEvents(outcome, prevReady, toReadyCondition(outcome, generation), prev);
  await writeEventList(ctx, obj, events);
}

export async function writeEventList(ctx: RunContext, obj: ScalingObject, events: EventInput[]) {
  const name = obj.metadata.name;
  const results = await Promise.allSettled(
    events.map((e) => ctx.kubeLimit(() => ctx.kube.createEvent(obj, e))),
  );
  for (const r of results) {
    if (r.status === 'rejected')
      ctx.warn(`cr=${name} could not write an event: ${messageOf(r.reason)}`);
  }
}
