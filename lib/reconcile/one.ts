/**
 * One BusinessScaling through one run: parse → read its State (lib/state) → (metrics ∥ scale) →
 * decide (decideOne.ts) → write (status, the record, first; then /scale; then events:
 * write.ts) → report. A 409 on the status
 * write is re-read and decided once more; so is a 409 on `/scale` (the workload changed since
 * it was read: read it again, decide again once, never patch it blindly).
 */
import { parseScaling } from '../spec/parse.js';
import type { ParseResult } from '../spec/types.js';
import type { ScalingObject } from '../kube/port.js';
import { explainDecisions } from '../record/explain.js';
import { readStateOf as readState } from '../state/read.js';
import type { State } from '../state/types.js';
import type { RunContext } from './context.js';
import { decideOutcome, toApiFailure, type Decided } from './decideOne.js';
import type { ResourceReport } from './report.js';
import { toResourceReport } from './resourceReport.js';
import { toRecord } from './runFields.js';
import { writeResource, type Written } from './write.js';

export type { RunContext } from './context.js';
export { toResourceReport } from './resourceReport.js';

export async function reconcileOne(
  ctx: RunContext,
  obj: ScalingObject,
  parsed: ParseResult = parseScaling(obj.spec),
): Promise<ResourceReport> {
  const state = readStateOf(ctx, obj);
  const { report, decided } = await reconcileAndReport(ctx, obj, parsed, state);
  if (ctx.explain !== true) return report;
  // One resource asked for by name: the decision record in plain words (lib/record/explain.ts).
  const { outcome, at } = decided;
  const decisions =
    outcome.kind === 'decided'
      ? toRecord(state, outcome, at, obj.metadata.generation, ctx.decisionHistory).decisions
      : state.decisions;
  const explain = explainDecisions(decisions, parsed.ok ? parsed.spec : undefined);
  for (const l of explain) if (l.startsWith('warning:')) ctx.warn(`cr=${obj.metadata.name} ${l}`);
  return { ...report, explain };
}

type Reported = { report: ResourceReport; decided: Decided };

/** What `obj` remembers; what could not be read is said once per run (names, never values). */
function readStateOf(ctx: RunContext, obj: ScalingObject): State {
  const { state, warnings } = readState(obj);
  for (const w of warnings) ctx.warn(`cr=${obj.metadata.name} ${w}`);
  return state;
}

async function reconcileAndReport(
  ctx: RunContext,
  obj: ScalingObject,
  parsed: ParseResult,
  state: State,
): Promise<Reported> {
  const name = obj.metadata.name;
  const decided = await decideOutcome(ctx, obj, parsed, state);
  const toReport = (d: Decided, w?: Written): Reported => ({
    report: toResourceReport(name, w?.outcome ?? d.outcome, ctx.dryRun, w),
    decided: w ? { ...d, outcome: w.outcome } : d,
  });
  if (ctx.dryRun) return toReport(decided);
  const written = await writeResource(ctx, obj, state, decided);
  if (written.scaleConflict) return decideAgain(ctx, obj, parsed, written.scaleConflict, toReport);
  if (!written.conflict) return toReport(decided, written);
  // 409: someone wrote the status since the list. Read it again and decide once more from it.
  let fresh: ScalingObject;
  try {
    fresh = await ctx.kubeLimit(() => ctx.kube.getScaling(name));
  } catch (err) {
    const statusError = `409, then the re-read failed: ${toApiFailure(err).message}`;
    return toReport(decided, { outcome: decided.outcome, statusError });
  }
  const freshState = readStateOf(ctx, fresh);
  const again = await decideOutcome(ctx, fresh, parseScaling(fresh.spec), freshState);
  return toReport(again, await writeResource(ctx, fresh, freshState, again, true));
}

/**
 * 409 on `/scale`: the workload changed between our read and our write (an operator, a GitOps
 * sync). Decide once more from a fresh read and from the record just written (its intent still
 * counts); a second 409 leaves it to the next run.
 */
async function decideAgain(
  ctx: RunContext,
  obj: ScalingObject,
  parsed: ParseResult,
  recorded: NonNullable<Written['scaleConflict']>,
  toReport: (d: Decided, w?: Written) => Reported,
): Promise<Reported> {
  const metadata = { ...obj.metadata, resourceVersion: recorded.resourceVersion };
  const fresh: ScalingObject = { ...obj, metadata };
  const again = await decideOutcome(ctx, fresh, parsed, recorded.state, true);
  return toReport(again, await writeResource(ctx, fresh, recorded.state, again, true));
}
