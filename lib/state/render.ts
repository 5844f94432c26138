/**
 * State → `status`, and a run's fields → the next State. The HPA's `setStatus` and
 * `setCondition`: the conditions keep their transition times while their status stays, the
 * decision record grows only when the decision changed, and an intent belongs to the write that
 * recorded it only (./intent.ts).
 */
import type { ScalingState } from '../decide/types.js';
import { appendDecision } from '../record/record.js';
import type { DecisionRecord } from '../record/types.js';
import { toRfc3339 } from '../util/time.js';
import { setCondition } from './conditions.js';
import { toScalingFields } from './scaling.js';
import type { ScalingStatus } from './status.js';
import {
  SCHEMA_VERSION,
  type ConditionType,
  type NewCondition,
  type ReportFields,
  type State,
} from './types.js';

/** What one run found, in the State's terms (built by lib/reconcile/runFields.ts). */
export interface RunFields {
  /** `metadata.generation` the run decided from. */
  readonly generation?: number;
  /** Applied in order, each over the stored list. */
  readonly conditions: readonly NewCondition[];
  /** Conditions this run removes (e.g. `Forecast` once `spec.forecast` is gone). */
  readonly dropConditions?: readonly ConditionType[];
  /**
   * Report fields merged over the last run's (fields left out stay as stored; `undefined`
   * removes one). Room for more: any field a report adds (e.g. a forecast) goes here.
   */
  readonly report?: Partial<ReportFields> & Readonly<Record<string, unknown>>;
  /** Only when the run decided: what `decide` returned, and its record. */
  readonly decided?: {
    /** The next state after this run's own rescale (`advanceState`); undefined clears it. */
    readonly scaling: ScalingState | undefined;
    readonly rescaled: boolean;
    readonly decision: DecisionRecord;
    /** `DECISION_HISTORY`: how many records to keep (0: none). */
    readonly decisionHistory: number;
  };
}

export const hasCondition = (state: State, type: ConditionType): boolean =>
  state.conditions.some((c) => c.type === type);

/** The State this run leaves, from the one it read (`prev.stored` stays the patch base). */
export function recordRun(prev: State, run: RunFields, now: Date): State {
  const conditions = run.conditions.reduce(
    (list, c) => setCondition(list, c, now),
    prev.conditions.filter((c) => run.dropConditions?.includes(c.type) !== true),
  );
  const base: State = {
    ...prev,
    intent: undefined,
    schemaVersion: SCHEMA_VERSION,
    recordedAt: toRfc3339(now),
    observedGeneration: run.generation,
    conditions,
    report: { ...prev.report, ...run.report },
  };
  const d = run.decided;
  if (d === undefined) return base;
  const decisions = appendDecision(prev.decisions, d.decision, d.decisionHistory);
  return {
    ...base,
    scaling: d.scaling ?? {},
    lastScaleTime: d.rescaled ? toRfc3339(now) : prev.lastScaleTime,
    decisions,
  };
}

/** The whole status of a State; absent fields are `undefined`, so a patch removes them. */
export function toStatus(state: State): ScalingStatus {
  return {
    ...state.report,
    schemaVersion: SCHEMA_VERSION,
    recordedAt: state.recordedAt,
    observedGeneration: state.observedGeneration,
    lastScaleTime: state.lastScaleTime,
    conditions: state.conditions,
    decisions: state.decisions,
    intent: state.intent,
    ...toScalingFields(state.scaling),
  };
}
