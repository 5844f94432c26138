/** What every step of one resource's reconcile shares within a run (lib/reconcile/run.ts). */
import type { ChoiceCache } from '../forecast/choiceCache.js';
import type { HistorySource } from '../history/source.js';
import type { KubePort } from '../kube/port.js';
import type { PrometheusMetricSource } from '../spec/types.js';
import type { MetricReader } from '../metrics/reader.js';
import type { Scales } from '../scales/scales.js';
import type { LostRecord } from '../record/lost.js';

export interface RunContext {
  readonly kube: KubePort;
  readonly metrics: MetricReader;
  /** Bounds concurrent Kubernetes API calls. */
  readonly kubeLimit: <T>(task: () => Promise<T>) => Promise<T>;
  /** The run's start: the report's time. No record carries it (see `clock`). */
  readonly now: Date;
  /**
   * This process's clock: each resource is stamped with the time it was decided, each confirmed
   * step with the time its answer came. Absent: `now` (a run of one instant, in tests).
   */
  readonly clock?: () => Date;
  /**
   * Milliseconds: the longest one of our writes can still land after it was recorded (lease
   * renew deadline, request timeout × tries; lib/record/writeLifetime.ts). An intent younger
   * than this counts as a step taken now.
   */
  readonly writeLifetimeMs?: number;
  /**
   * Milliseconds two writers' clocks may disagree by (twice the skew from true time): a
   * confirmed step is stamped this much later, and a pending one counts this much longer, so a
   * reader whose clock is ahead still counts it for a full period. Default 0.
   */
  readonly clockMarginMs?: number;
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
  /** Unix seconds of the shard's previous run, from its Lease (lib/state/standing.ts). */
  readonly previousRun?: number;
  /**
   * Names the previous run could not vouch for (its status write failed or was not known to
   * land): their standing times fall back to the conservative rule. `'all'`: none is vouched.
   */
  readonly unvouched?: ReadonlySet<string> | 'all';
  /** Unvouched name → what its failed status write would have added (lib/record/lost.ts). */
  readonly lost?: ReadonlyMap<string, LostRecord>;
  /** Told what a status write that failed would have added (for this run's record). */
  readonly noteLost?: (name: string, entry: LostRecord | undefined) => void;
  /**
   * This run recorded its time in the Lease: a status whose only change is its standing times
   * is left unwritten. False for a run of one name, which records no run time.
   */
  readonly settle?: boolean;
  /** Reads and patches of targets' replicas (lib/scales); absent: one GET `/scale` each. */
  readonly scales?: Scales;
  /** Where `spec.forecast` keeps each metric's history (lib/history); absent: none configured. */
  /** A Prometheus metric's history: its range query (lib/history/promSource.ts). */
  readonly promHistory?: (source: PrometheusMetricSource) => HistorySource;
  readonly history?: HistorySource;
  /** `HISTORY_STEP_SECONDS`: the history's bucket and the period a forecast covers. */
  readonly historyStepSeconds?: number;
  /** The forecasts' daily model choices, kept across runs (lib/forecast/choiceCache.ts). */
  readonly forecastChoices?: ChoiceCache;
}

/** The time of this instant by the run's clock. */
export const clockOf = (ctx: RunContext): Date => ctx.clock?.() ?? ctx.now;
