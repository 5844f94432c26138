/** One BusinessScaling through one run: parse → (metrics ∥ scale) → decide → patch → status → events. */
import { readState } from '../behavior/persist.js';
import { decide } from '../decide/decide.js';
import { parsePause } from '../decide/pause.js';
import { KubeApiError, type KubePort, type ScalingObject } from '../kube/port.js';
import type { MetricReader } from '../metrics/reader.js';
import type { MetricResult } from '../metrics/types.js';
import { parseScaling } from '../spec/parse.js';
import { sourceOf, type ParseResult, type ScalingSpec } from '../spec/types.js';
import { statusEqual } from '../status/conditions.js';
import { toEvents } from './events.js';
import { describeTarget, formatFieldErrors, type Outcome } from './outcome.js';
import { toStatusPatch } from './patch.js';
import type { MetricReport, ResourceReport } from './report.js';
import { toReadyCondition, toStatus } from './status.js';

export interface RunContext {
  readonly kube: KubePort;
  readonly metrics: MetricReader;
  /** Bounds concurrent Kubernetes API calls. */
  readonly kubeLimit: <T>(task: () => Promise<T>) => Promise<T>;
  readonly now: Date;
  readonly dryRun: boolean;
  readonly warn: (line: string) => void;
  /** BusinessScaling name → Conflict message (lib/reconcile/conflicts.ts): never scaled. */
  readonly conflicts?: ReadonlyMap<string, string>;
}

export async function reconcileOne(
  ctx: RunContext,
  obj: ScalingObject,
  parsed: ParseResult = parseScaling(obj.spec),
): Promise<ResourceReport> {
  const outcome = await decideOutcome(ctx, obj, parsed);
  const generation = obj.metadata.generation;
  if (!ctx.dryRun) await writeBack(ctx, obj, outcome, generation);
  return toReport(obj.metadata.name, outcome, ctx.dryRun);
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
    scale = await ctx.kubeLimit(() => ctx.kube.getScale(spec.target));
  } catch (err) {
    await metricsPromise; // never leave work running past the resource's end
    return { kind: 'target-error', spec, ...toApiFailure(err) };
  }
  const metrics = await metricsPromise;
  const decision = decide({
    spec,
    currentReplicas: scale.specReplicas,
    statusReplicas: scale.statusReplicas,
    metrics,
    now: ctx.now,
    state: readState(obj.status),
    pause: parsePause(obj.metadata.annotations),
  });
  if (decision.action !== 'scale' || ctx.dryRun) {
    return { kind: 'decided', spec, scale, metrics, decision, rescaled: false };
  }
  try {
    await ctx.kubeLimit(() => ctx.kube.patchScale(spec.target, decision.desiredReplicas));
    return { kind: 'decided', spec, scale, metrics, decision, rescaled: true };
  } catch (err) {
    const rescaleError = toApiFailure(err).message;
    return { kind: 'decided', spec, scale, metrics, decision, rescaled: false, rescaleError };
  }
}

function toApiFailure(err: unknown): { status: number; message: string } {
  if (err instanceof KubeApiError) return { status: err.status, message: err.message };
  const name = err instanceof Error ? err.name : typeof err;
  return { status: 0, message: `unexpected ${name} from the API client` };
}

async function writeBack(
  ctx: RunContext,
  obj: ScalingObject,
  outcome: Outcome,
  generation?: number,
) {
  const name = obj.metadata.name;
  const prev = obj.status;
  const next = toStatus(prev, outcome, ctx.now, generation);
  const prevReady = prev?.conditions?.find((c) => c.type === 'Ready');
  const events = toEvents(outcome, prevReady, toReadyCondition(outcome, generation));
  const writes: Promise<void>[] = events.map((e) =>
    ctx.kubeLimit(() => ctx.kube.createEvent(obj, e)),
  );
  if (!prev || !statusEqual(prev, next)) {
    writes.push(ctx.kubeLimit(() => ctx.kube.patchStatus(name, toStatusPatch(prev, next))));
  }
  const results = await Promise.allSettled(writes);
  for (const r of results) {
    if (r.status === 'rejected')
      ctx.warn(`cr=${name} could not write status/event: ${toApiFailure(r.reason).message}`);
  }
}

function toMetricReports(spec: ScalingSpec, metrics: readonly MetricResult[]) {
  const out: Record<string, MetricReport> = {};
  spec.metrics.forEach((m, i) => {
    const r = metrics[i];
    if (r) out[m.name] = r.ok ? r.value : { error: r.kind };
  });
  return out;
}

export function toReport(name: string, outcome: Outcome, dryRun: boolean): ResourceReport {
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
  };
  if (outcome.rescaleError !== undefined) {
    return { ...base, action: 'error', reason: 'FailedRescale', message: outcome.rescaleError };
  }
  if (decision.action === 'scale') {
    const message = dryRun ? `dry run, would scale: ${decision.message}` : decision.message;
    return { ...base, action: 'scaled', reason: decision.reason, message };
  }
  return { ...base, action: decision.action, reason: decision.reason, message: decision.message };
}
