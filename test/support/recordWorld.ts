/**
 * A world for the record-before-acting property (test/unit/record-properties.test.ts): one
 * workload, one BusinessScaling, runs one after another on a fake clock (whole seconds), each
 * with its own clock skew, and writes that fail, land late, or land but lose their answer.
 * Two processes, each with its own monotonic clock (rates 1 and 1.25) and lease watch: a run
 * may stall at its first write while the other process sees its Lease unchanged for a duration,
 * takes it over and runs; then the old holder resumes (takeover with a live old holder). Every
 * write checks the sending run's gate when it is sent, as the REST adapter does
 * (lib/kube/writeGate.ts); a late one lands later whatever the gate says by then, within the
 * attempt lifetime (lib/lease/writeBound.ts: KUBE_TIMEOUT_MS + 2 s, 30 s here).
 * It logs what really happened (our steps, by the true time they landed) and what each run saw.
 */
import { parseSettings } from '../../lib/config.js';
import { KubeApiError, type StatusPatch } from '../../lib/kube/port.js';
import { checkWriteGate, runWithWriteGate } from '../../lib/kube/writeGate.js';
import { createLeaseWatch } from '../../lib/lease/watch.js';
import { RECORD_ANNOTATION } from '../../lib/record/runMarker.js';
import { reconcileAll } from '../../lib/reconcile/run.js';
import type { ScaleTargetRef } from '../../lib/spec/types.js';
import { fullSpec } from './builders/resources.js';
import { FakeKube } from './fakeKube.js';

/** ok; fail: refused, not applied; late: times out now, lands `delay` s later (if still valid); lost: applied, answer lost. */
export type Fault = { kind: 'ok' | 'fail' | 'lost' } | { kind: 'late'; delay: number };

export interface RunPlan {
  /** Seconds since the previous run (true time). */
  readonly gap: number;
  /** This run's clock minus the true clock (s). */
  readonly skew: number;
  /** Seconds the run spends before it reads this resource (a long list). */
  readonly lag: number;
  /** The raw recommendation this run's metric gives. */
  readonly wants: number;
  /** Someone else sets the replicas just before the run. */
  readonly operator?: number;
  readonly scaleFaults: readonly Fault[];
  readonly statusFaults: readonly Fault[];
  /**
   * This run stalls at its first write; meanwhile the other process sees the Lease, sees it
   * unchanged for a lease duration on its own clock, takes it over and runs this plan.
   */
  readonly takeover?: RunPlan;
  /** The write it stalls at: its record (default) or, once recorded, its `/scale`. */
  readonly takeoverAt?: 'status' | 'scale';
}

export const UP = { value: 2, period: 60 };
export const DOWN = { value: 1, period: 60, window: 120 };
export const MAX_LATE = 30;
/** Lease settings whose attempt lifetime (KUBE_TIMEOUT_MS + 2 s) is MAX_LATE. */
export const LEASE_ENV = {
  KUBE_TIMEOUT_MS: String(MAX_LATE * 1000 - 2000),
  LEASE_DURATION_SECONDS: '90',
  LEASE_RENEW_DEADLINE_SECONDS: '60',
};
/** Each process's monotonic clock rate (their ratio stays below 90 / 60). */
const RATES = [1, 1.25] as const;

export const SPEC = fullSpec(
  { name: 'web', url: 'http://m/q', metric: 'q', averageValue: 10, maxReplicas: 10 },
  {
    behavior: {
      scaleUp: {
        stabilizationWindowSeconds: 0,
        tolerance: 0,
        policies: [{ type: 'Pods', value: UP.value, periodSeconds: UP.period }],
      },
      scaleDown: {
        stabilizationWindowSeconds: DOWN.window,
        tolerance: 0,
        policies: [{ type: 'Pods', value: DOWN.value, periodSeconds: DOWN.period }],
      },
    },
  },
);

export interface Step {
  /** True seconds when it landed, and when it was sent. */
  readonly at: number;
  readonly sent: number;
  readonly change: number;
  readonly to: number;
  /** The sending run's clock minus the true clock. */
  readonly skew: number;
}

/** A write of one process that landed after the other process took the Lease over. */
export interface LateWriter {
  readonly write: string;
  readonly by: number;
  readonly landed: number;
  readonly takenOver: number;
}

export interface Sighting {
  readonly at: number;
  readonly replicas: number;
  /**
   * The run knows its record of this resource is in status (written, or nothing to write), or
   * its run record in the Lease carries what the failed write would have added.
   */
  readonly recorded: boolean;
  /** Recorded only through the run record's carry (lib/record/lost.ts). */
  readonly carried?: boolean;
  readonly skew: number;
}

const T0 = Date.parse('2026-11-25T10:00:00Z') / 1000;

export function createWorld(writeLifetimeMs = MAX_LATE * 1000, clockMarginMs = 0) {
  const kube = new FakeKube().addWorkload('Deployment', 'shop', 'web', 3).addScaling('web', SPEC);
  let now = T0;
  const pending: { at: number; land: () => Promise<unknown> }[] = [];
  const steps: Step[] = [];
  const sightings: Sighting[] = [];
  const lateWriters: LateWriter[] = [];
  const patchScale = kube.patchScale.bind(kube);
  const patchStatus = kube.patchStatus.bind(kube);
  let scaleFaults: Fault[] = [];
  let statusFaults: Fault[] = [];
  let lag = 0;
  const listScalings = kube.listScalings.bind(kube);
  kube.listScalings = async () => {
    await advance(lag);
    return listScalings();
  };
  // Two processes: a lease watch each, on its own monotonic clock; `holder` runs the next plan.
  const watches = RATES.map((rate) => createLeaseWatch(() => (now - T0) * 1000 * rate));
  let holder = 0;
  let takeovers = 0;
  /** True seconds when each process last took the Lease over from the other. */
  const tookOver: (number | undefined)[] = [undefined, undefined];
  let stall: { at: 'scale' | 'status'; run: () => Promise<void> } | undefined;

  let skew = 0;
  /** Our writes are sent in the sending run's gate; they land (now or late) outside any. */
  const ungated = <T>(f: () => Promise<T>) => runWithWriteGate(() => undefined, f);
  const noteLanding = (write: string, by: number) => {
    const other = tookOver[1 - by];
    if (other !== undefined && other <= now && (tookOver[by] ?? -1) < other) {
      lateWriters.push({ write, by, landed: now, takenOver: other });
    }
  };
  const landScale = (
    ref: ScaleTargetRef,
    to: number,
    rv: string | undefined,
    sent: number,
    by: number,
    process: number,
  ) => {
    const from = kube.replicas('Deployment', 'shop', 'web')!;
    return ungated(() => patchScale(ref, to, rv)).then(() => {
      noteLanding(`scale ${from}→${to}`, process);
      if (to !== from) steps.push({ at: now, sent, change: to - from, to, skew: by });
    });
  };
  const landStatus = (name: string, patch: StatusPatch, rv: string | undefined, process: number) =>
    ungated(() => patchStatus(name, patch, rv)).then((out) => {
      noteLanding('status', process);
      return out;
    });
  /** Lands every late write due by `now`, in order. */
  const land = async () => {
    pending.sort((a, b) => a.at - b.at);
    while (pending.length > 0 && pending[0]!.at <= now) {
      await pending
        .shift()!
        .land()
        .catch(() => undefined);
    }
  };
  const advance = async (seconds: number) => {
    for (let i = 0; i < seconds; i++) {
      now += 1;
      await land();
    }
  };
  const timeout = () => new KubeApiError(504, 'timeout');
  /** As the REST adapter, before each try: the run's gate, at the moment the write is sent. */
  const send = async (write: 'scale' | 'status') => {
    const s = stall;
    if (s?.at === write) {
      stall = undefined;
      await s.run();
    }
    checkWriteGate(`PATCH ${write}`, 0);
  };

  kube.patchScale = async (ref, to, rv) => {
    await send('scale');
    const f = scaleFaults.shift() ?? { kind: 'ok' };
    const [sent, by, process] = [now, skew, holderOf()];
    if (f.kind === 'fail') throw new KubeApiError(503, 'unavailable');
    if (f.kind === 'late') {
      pending.push({ at: now + f.delay, land: () => landScale(ref, to, rv, sent, by, process) });
      throw timeout();
    }
    await landScale(ref, to, rv, sent, by, process);
    if (f.kind === 'lost') throw timeout();
  };
  kube.patchStatus = async (name: string, patch: StatusPatch, rv?: string) => {
    await send('status');
    const f = statusFaults.shift() ?? { kind: 'ok' };
    const process = holderOf();
    if (f.kind === 'fail') throw new KubeApiError(503, 'unavailable');
    if (f.kind === 'late') {
      pending.push({ at: now + f.delay, land: () => landStatus(name, patch, rv, process) });
      throw timeout();
    }
    const out = await landStatus(name, patch, rv, process);
    if (f.kind === 'lost') throw timeout();
    return out;
  };
  /** The process whose run is sending: the running one (a stalled run resumes as itself). */
  let sending = 0;
  const holderOf = () => sending;

  /** What the Lease's run record carries for `web` (lib/record/lost.ts). */
  const carried = (): boolean => {
    const raw = kube.leases.get(LEASE)?.annotations?.[RECORD_ANNOTATION];
    const r = raw === undefined ? undefined : (JSON.parse(raw) as { lost?: unknown[] });
    return Array.isArray(r?.lost) && r.lost.some((e) => e !== null);
  };

  async function runAs(process: number, plan: RunPlan) {
    await advance(plan.gap);
    if (plan.operator !== undefined) kube.touchWorkload('Deployment', 'shop', 'web', plan.operator);
    scaleFaults = [...plan.scaleFaults];
    statusFaults = [...plan.statusFaults];
    lag = plan.lag;
    skew = plan.skew;
    sending = process;
    const other = plan.takeover;
    if (other !== undefined) {
      stall = { at: plan.takeoverAt ?? 'status', run: () => takeOver(1 - process, other) };
    }
    const report = await reconcileAll(
      {
        kube,
        settings: parseSettings(LEASE_ENV),
        now: () => new Date((now + plan.skew) * 1000),
        log: { info: () => undefined, warn: () => undefined },
        leaseIdentity: `p${process}`,
        leaseWatch: watches[process],
        // ceil((10 w − 5) / 10) = w, never exactly on target
        fetchBody: () => Promise.resolve({ ok: true, body: { value: 10 * plan.wants - 5 } }),
      },
      { writeLifetimeMs, clockMarginMs },
    );
    stall = undefined;
    const r = report.resources[0];
    // A run that decided saw the recommendation, whether or not its record was written.
    if (r?.desiredReplicas !== undefined) {
      const failed = r.reason === 'FailedUpdateStatus' || r.reason === 'StatusConflict';
      const lost = r.action === 'skipped' || r.reason === 'LeaseLost';
      sightings.push({
        at: now,
        replicas: plan.wants,
        recorded: !lost && (!failed || carried()),
        ...(!lost && failed && carried() && { carried: true }),
        skew: plan.skew,
      });
    }
    return report;
  }

  /** The other process sees the Lease, then again a duration later (its clock), and takes it. */
  async function takeOver(process: number, plan: RunPlan) {
    const [was, wasSkew, faults] = [sending, skew, [scaleFaults, statusFaults, lag] as const];
    sending = process;
    const seen = await runAs(process, { ...plan, gap: 0, takeover: undefined });
    if (seen.skipped === undefined) throw new Error('the Lease was free: no takeover to model');
    await advance(Math.ceil(90 / RATES[process]!) + 1);
    tookOver[process] = now + plan.gap;
    const report = await runAs(process, { ...plan, takeover: undefined });
    if (report.skipped !== undefined) throw new Error('the takeover did not happen');
    holder = process;
    takeovers++;
    [sending, skew] = [was, wasSkew];
    [scaleFaults, statusFaults, lag] = [[...faults[0]], [...faults[1]], faults[2]];
  }

  async function run(plan: RunPlan) {
    const report = await runAs(holder, plan);
    await advance(1);
    return report;
  }

  /** Lets every late write land (after the runs). */
  const settle = () => advance(MAX_LATE + 1);
  return {
    kube,
    run,
    settle,
    steps,
    sightings,
    lateWriters,
    now: () => now,
    takeovers: () => takeovers,
  };
}

const LEASE = 'business-scaling-system/business-scaler-shard-0-of-1';
