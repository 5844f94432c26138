/**
 * One BusinessScaling through one run: parse → (metrics ∥ scale) → decide → write (status, the
 * record, first; then /scale; then events: lib/reconcile/write.ts). A 409 on the status write
 * is re-read and recomputed once.
 */
import { readIntent, settleIntent } from '../behavior/intent.js';
import { readState } from '../behavior/persist.js';
import { standState, standsThrough, toSeconds } from '../behavior/standing.js';
import { toUnixSeconds } from '../behavior/history.js';
import { decide } from '../decide/decide.js';
import { parsePause } from '../decide/pause.js';
import { checkMetricRanges } from '../decide/range.js';
import { KubeApiError, type KubePort, type ScalingObject } from '../kube/port.js';
import type { MetricReader } from '../metrics/reader.js';
import type { MetricResult } from '../metrics/types.js';
import { explainDecisions } from '../record/explain.js';
import { parseScaling } from '../spec/parse.js';
import { sourceOf, type ParseResult, type ScalingSpec } from '../spec/types.js';
import { Reason } from '../reasons.js';
import { scalesOf, type Scales } from '../scales/scales.js';
import { describeTarget, formatFieldErrors, type Outcome } from './outcome.js';
import type { MetricReport, ResourceReport } from './report.js';
import { toStatus } from './status.js';
import { writeResource, type Written } from './write.js';

export interface RunContext {
  readonly kube: KubePort;
  readonly metrics: MetricReader;
  /** Bounds concurrent Kubernetes API calls. */
  readonly kubeLimit: <T>(task: () => Promise<T>) => Promise<T>;
  readonly now: Date;
  readonly dryRun: boolean;
  readonly warn: (line: string) => void;
  /** BusinessScaling name → Conflict message (lib/reconcile/conflicts.ts): never scaled. */
  readonly conflicts?: { get(name: string): string | undefined };
  /** Asked before every write (the run's lease); absent: always true. */
  readonly canWrite?: () => boolean;
  /** Add the decision record in words to the report (a run for one `name`). */
  readonly explain?: boolean;
  /** `DECISION_HISTORY`: decisions kept in status (default 0 = none). */
  readonly decisionHistory?: number;
  /** Observe-mode BusinessScaling name → who really scales its target (`findBeside`). */
  readonly beside?: { get(name: string): string | undefined };
  /** Unix seconds of the shard's previous run, from its Lease (lib/behavior/standing.ts). */
  readonly previousRun?: number;
  /**
   * This run recorded its time in the Lease: a status whose only change is its standing times
   * is left unwritten. False for a run of one name, which records no run time.
   */
  readonly settle?: boolean;
  /** Reads and patches of targets' replicas (lib/scales); absent: one GET `/scale` each. */
  readonly scales?: Scales;
}

export async function reconcileOne(
  ctx: RunContext,
  obj: ScalingObject,
  parsed: ParseResult = parseScaling(obj.spec),
): Promise<ResourceReport> {
  const { report, outcome } = await reconcileAndReport(ctx, obj, parsed);
  if (ctx.explain !== true) return report;
  // One resource asked for by name: the decision record in plain words (lib/record/explain.ts).
  const decisions =
    outcome.kind === 'decided'
      ? toStatus(obj.status, outcome, ctx.now, obj.metadata.generation, ctx.decisionHistory)
          .decisions
      : obj.status?.decisions;
  const explain = explainDecisions(decisions, parsed.ok ? parsed.spec : undefined);
  for (const l of explain) if (l.startsWith('warning:')) ctx.warn(`cr=${obj.metadata.name} ${l}`);
  return { ...report, explain };
}

async function reconcileAndReport(
  ctx: RunContext,
  obj: ScalingObject,
  parsed: ParseResult,
): Promise<{ report: ResourceReport; outcome: Outcome }> {
  const name = obj.metadata.name;
  const outcome = await decideOutcome(ctx, obj, parsed);
  const toReport = (o: Outcome, dry: boolean, w?: Written) => ({
    report: toResourceReport(name, o, dry, w),
    outcome: o,
  });
  if (ctx.dryRun) return toReport(outcome, true);
  const written = await writeResource(ctx, obj, outcome);
  if (!written.conflict) return toReport(written.outcome, false, written);
  // 409: someone wrote the status since the list. Read it again and decide once more from it.
  let fresh: ScalingObject;
  try {
    fresh = await ctx.kubeLimit(() => ctx.kube.getScaling(name));
  } catch (err) {
    const statusError = `409, then the re-read failed: ${toApiFailure(err).message}`;
    return toReport(outcome, false, { outcome, statusError });
  }
  const again = await decideOutcome(ctx, fresh, parseScaling(fresh.spec));
  const second = await writeResource(ctx, fresh, again);
  return toReport(second.outcome, false, second);
}

async function decideOutcome(
  ctx: RunContext,
  obj: ScalingObject,
  parsed: ParseResult,
): Promise<Outcome> {
  if (!parsed.ok) return { kind: 'invalid', errors: parsed.errors };
  const spec = parsed.spec;
  const conflict = ctx.conflicts?.get(obj.metadata.name);
  if (conflict !== undefined) return { kind: 'conflict', spec, message: conflict };
  const metricsPromise = Promise.all(spec.metrics.map((m) => ctx.metrics.read(sourceOf(m))));
  let scale;
  try {
    scale = await scalesOf(ctx).read(spec.target);
  } catch (err) {
    await metricsPromise; // never leave work running past the resource's end
    return { kind: 'target-error', spec, ...toApiFailure(err) };
  }
  // Values the arithmetic cannot use fail their metric here, so status and report say so too.
  const metrics = checkMetricRanges(spec, await metricsPromise);
  const intent = readIntent(obj.status);
  const recordedAt = toSeconds(obj.status?.recordedAt);
  const through = standsThrough(recordedAt, ctx.previousRun, toUnixSeconds(ctx.now));
  const read = standState(readState(obj.status), recordedAt, through);
  const state = settleIntent(read, intent, scale.specReplicas);
  if (intent && state !== read && !ctx.dryRun) {
    ctx.warn(
      `cr=${obj.metadata.name} the rescale ${intent.from} → ${intent.replicas} recorded at ` +
        `${intent.time} did not happen; its scale event is removed from the history`,
    );
  }
  const decision = decide({
    spec,
    currentReplicas: scale.specReplicas,
    statusReplicas: scale.statusReplicas,
    metrics,
    now: ctx.now,
    state,
    pause: parsePause(obj.metadata.annotations),
  });
  if (spec.mode === 'Observe') {
    // Observe: the full decision is recorded, /scale is never patched (write.ts).
    const beside = ctx.beside?.get(obj.metadata.name);
    const observe = beside === undefined ? {} : { beside };
    return { kind: 'decided', spec, scale, metrics, decision, rescaled: false, observe };
  }
  return { kind: 'decided', spec, scale, metrics, decision, rescaled: false };
}

function toApiFailure(err: unknown): { status: number; message: string } {
  if (err instanceof KubeApiError) return { status: err.status, message: err.message };
  const name = err instanceof Error ? err.name : typeof err;
  return { status: 0, message: `unexpected ${name} from the API client` };
}

function toMetricReports(spec: ScalingSpec, metrics: readonly MetricResult[]) {
  const out: Record<string, MetricReport> = {};
  spec.metrics.forEach((m, i) => {
    const r = metrics[i];
    if (r) out[m.name] = r.ok ? r.value : { error: r.kind };
  });
  return out;
}

export function toResourceReport(
  name: string,
  outcome: Outcome,
  dryRun: boolean,
  written?: Written,
): ResourceReport {
  const report = toOutcomeReport(name, outcome, dryRun);
  if (written?.refused) {
    // The run lost its shard lease (lib/lease): this resource is left to the next run.
    const why = written.statusError ?? 'the run lost its shard lease';
    const message = `${why}; nothing of it sent after that; the next run decides again`;
    return { ...report, action: 'skipped', reason: Reason.LeaseLost, message };
  }
  if (written?.statusError === undefined) return report;
  // A failed record is an error whatever was decided: nothing was scaled on it.
  const reason = written.conflict ? Reason.StatusConflict : Reason.FailedUpdateStatus;
  const what = written.conflict
    ? 'the status changed again since it was re-read (409); left for the next run'
    : `status not written (${written.statusError}); nothing scaled, the next run decides again`;
  return { ...report, action: 'error', reason, message: what };
}

function toOutcomeReport(name: string, outcome: Outcome, dryRun: boolean): ResourceReport {
  if (outcome.kind === 'invalid') {
    const message = formatFieldErrors(outcome.errors);
    return { name, metrics: {}, action: 'invalid', reason: 'InvalidSpec', message };
  }
  const target = describeTarget(outcome.spec);
  if (outcome.kind === 'conflict') {
    return {
      name,
      target,
      metrics: {},
      action: 'held',
      reason: 'Conflict',
      message: outcome.message,
    };
  }
  if (outcome.kind === 'target-error') {
    const reason = outcome.status === 404 ? 'TargetNotFound' : 'FailedGetScale';
    return { name, target, metrics: {}, action: 'error', reason, message: outcome.message };
  }
  const { decision, scale, metrics, spec } = outcome;
  const base = {
    name,
    target,
    currentReplicas: scale.specReplicas,
    desiredReplicas: decision.desiredReplicas,
    metrics: toMetricReports(spec, metrics),
    ...(decision.formula && {
      formula: decision.formula.ok
        ? decision.formula.value
        : { error: decision.formula.kind ?? 'parse' },
    }),
  };
  if (outcome.rescaleError !== undefined) {
    return { ...base, action: 'error', reason: 'FailedRescale', message: outcome.rescaleError };
  }
  // `reason` is always a CamelCase code; the HPA's sentence ("orders above target") is in `message`.
  const code = /^[A-Z][A-Za-z]*$/.test(decision.reason) ? decision.reason : undefined;
  if (outcome.observe !== undefined) {
    const would = decision.action === 'scale';
    return {
      ...base,
      mode: 'Observe',
      action: would ? 'unchanged' : decision.action,
      reason: would ? Reason.WouldRescale : (code ?? decision.limited),
      message: would ? `observe mode, would scale: ${decision.message}` : decision.message,
    };
  }
  if (decision.action === 'scale') {
    const message = dryRun ? `dry run, would scale: ${decision.message}` : decision.message;
    return { ...base, action: 'scaled', reason: code ?? Reason.SuccessfulRescale, message };
  }
  const reason = code ?? decision.limited;
  return { ...base, action: decision.action, reason, message: decision.message };
}
