/**
 * One resource's decision: its spec, its target's replicas and metrics, and the State it
 * remembers (lib/state: standing times and any intent still open) → an outcome, stamped with the
 * time it was decided (never the run's start).
 */
import { expirePending, hasPending, viewPending } from '../behavior/pending.js';
import { toDecideState } from '../state/standing.js';
import type { State } from '../state/types.js';
import { toUnixSeconds } from '../behavior/history.js';
import { decide } from '../decide/decide.js';
import type { DecideInput, Decision } from '../decide/types.js';
import { parsePause } from '../decide/pause.js';
import { checkMetricRanges } from '../decide/range.js';
import { KubeApiError, type ScaleInfo, type ScalingObject } from '../kube/port.js';
import { scalesOf } from '../scales/scales.js';
import { sourceOf, type ParseResult } from '../spec/types.js';
import { withLostRecord } from '../record/lost.js';
import { clockOf, type RunContext } from './context.js';
import { withForecast } from './forecastOne.js';
import type { Outcome } from './outcome.js';

export interface Decided {
  readonly outcome: Outcome;
  /** When this resource was decided, by the run's clock. */
  readonly at: Date;
}

/** `fresh`: read the target with a GET (after a 409 on /scale), never from the run's LIST. */
export async function decideOutcome(
  ctx: RunContext,
  obj: ScalingObject,
  parsed: ParseResult,
  state: State,
  fresh = false,
): Promise<Decided> {
  if (!parsed.ok) return { outcome: { kind: 'invalid', errors: parsed.errors }, at: clockOf(ctx) };
  const spec = parsed.spec;
  const conflict = ctx.conflicts?.get(obj.metadata.name);
  if (conflict !== undefined) {
    return { outcome: { kind: 'conflict', spec, message: conflict }, at: clockOf(ctx) };
  }
  const metricsPromise = Promise.all(spec.metrics.map((m) => ctx.metrics.read(sourceOf(m))));
  let scale: ScaleInfo;
  try {
    scale = fresh
      ? await ctx.kubeLimit(() => ctx.kube.getScale(spec.target))
      : await scalesOf(ctx).read(spec.target);
  } catch (err) {
    await metricsPromise; // never leave work running past the resource's end
    const outcome: Outcome = { kind: 'target-error', spec, ...toApiFailure(err) };
    return { outcome, at: clockOf(ctx) };
  }
  // Values the arithmetic cannot use fail their metric here, so status and report say so too.
  const metrics = checkMetricRanges(spec, await metricsPromise);
  const at = clockOf(ctx);
  const now = toUnixSeconds(at);
  const name = obj.metadata.name;
  const vouched = ctx.unvouched !== 'all' && ctx.unvouched?.has(name) !== true;
  const decision = decideWithPending(
    {
      spec,
      currentReplicas: scale.specReplicas,
      statusReplicas: scale.statusReplicas,
      metrics,
      now: at,
      state: withLostRecord(
        toDecideState(state, vouched ? ctx.previousRun : undefined, now),
        ctx.lost?.get(name),
        now,
      ),
      pause: parsePause(obj.metadata.annotations),
    },
    Math.ceil(((ctx.writeLifetimeMs ?? 0) + (ctx.clockMarginMs ?? 0)) / 1000),
  );
  const reactive = { kind: 'decided', spec, scale, metrics, decision, rescaled: false } as const;
  const outcome: Outcome = await withForecast(ctx, name, at, reactive);
  if (spec.mode !== 'Observe') return { outcome, at };
  // Observe: the full decision is recorded, /scale is never patched (write.ts).
  const beside = ctx.beside?.get(name);
  return { outcome: { ...outcome, observe: beside === undefined ? {} : { beside } }, at };
}

/**
 * With pending scale events (lib/behavior/pending.ts), each direction is decided on its own
 * view and the decision that moves less is taken; the state handed on keeps every event as
 * stored (pending ones at their recorded time). Without, one plain `decide`.
 */
function decideWithPending(input: DecideInput, lifetime: number): Decision {
  const h = input.state?.history;
  const behavior = input.spec.behavior;
  if (h === undefined || behavior === undefined || !hasPending(h)) return decide(input);
  const now = toUnixSeconds(input.now);
  const on = (dir: 'up' | 'down') =>
    decide({ ...input, state: { ...input.state, history: viewPending(h, now, lifetime, dir) } });
  const up = on('up');
  const down = on('down');
  const moves = (d: Decision) => Math.abs(d.desiredReplicas - input.currentReplicas);
  const pick = moves(up) <= moves(down) ? up : down;
  const kept = pick.state?.history;
  if (pick.state === undefined || kept === undefined) return pick;
  const events = expirePending(h, now, lifetime, behavior);
  const { scaleUpEvents, scaleDownEvents } = events;
  return {
    ...pick,
    state: { ...pick.state, history: { ...kept, scaleUpEvents, scaleDownEvents } },
  };
}

export function toApiFailure(err: unknown): { status: number; message: string } {
  if (err instanceof KubeApiError) return { status: err.status, message: err.message };
  const name = err instanceof Error ? err.name : typeof err;
  return { status: 0, message: `unexpected ${name} from the API client` };
}
