/**
 * A world for the record-before-acting property (test/unit/record-properties.test.ts): one
 * workload, one BusinessScaling, runs one after another on a fake clock (whole seconds), each
 * with its own clock skew, and writes that fail, land late, or land but lose their answer.
 * It logs what really happened (our steps, by the true time they landed) and what each run saw.
 */
import { parseSettings } from '../../lib/config.js';
import { KubeApiError, type StatusPatch } from '../../lib/kube/port.js';
import { reconcileAll } from '../../lib/reconcile/run.js';
import type { ScaleTargetRef } from '../../lib/spec/types.js';
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
}

export const UP = { value: 2, period: 60 };
export const DOWN = { value: 1, period: 60, window: 120 };
export const MAX_LATE = 30;

export const SPEC = {
  scaleTargetRef: { kind: 'Deployment', name: 'web', namespace: 'shop' },
  minReplicas: 1,
  maxReplicas: 10,
  metrics: [
    { name: 'q', http: { url: 'http://m/q' }, target: { type: 'AverageValue', averageValue: 10 } },
  ],
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
};

export interface Step {
  /** True seconds when it landed, and when it was sent. */
  readonly at: number;
  readonly sent: number;
  readonly change: number;
  readonly to: number;
  /** The sending run's clock minus the true clock. */
  readonly skew: number;
}

export interface Sighting {
  readonly at: number;
  readonly replicas: number;
  /** The run knows its record of this resource is in status (written, or nothing to write). */
  readonly recorded: boolean;
  readonly skew: number;
}

const T0 = Date.parse('2026-11-25T10:00:00Z') / 1000;

export function createWorld(writeLifetimeMs = MAX_LATE * 1000, clockMarginMs = 0) {
  const kube = new FakeKube().addWorkload('Deployment', 'shop', 'web', 3).addScaling('web', SPEC);
  let now = T0;
  const pending: { at: number; land: () => Promise<unknown> }[] = [];
  const steps: Step[] = [];
  const sightings: Sighting[] = [];
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

  let skew = 0;
  const landScale = (
    ref: ScaleTargetRef,
    to: number,
    rv: string | undefined,
    sent: number,
    by: number,
  ) => {
    const from = kube.replicas('Deployment', 'shop', 'web')!;
    return patchScale(ref, to, rv).then(() => {
      if (to !== from) steps.push({ at: now, sent, change: to - from, to, skew: by });
    });
  };
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

  kube.patchScale = async (ref, to, rv) => {
    const f = scaleFaults.shift() ?? { kind: 'ok' };
    const [sent, by] = [now, skew];
    if (f.kind === 'fail') throw new KubeApiError(503, 'unavailable');
    if (f.kind === 'late') {
      pending.push({ at: now + f.delay, land: () => landScale(ref, to, rv, sent, by) });
      throw timeout();
    }
    await landScale(ref, to, rv, sent, by);
    if (f.kind === 'lost') throw timeout();
  };
  kube.patchStatus = async (name: string, patch: StatusPatch, rv?: string) => {
    const f = statusFaults.shift() ?? { kind: 'ok' };
    if (f.kind === 'fail') throw new KubeApiError(503, 'unavailable');
    if (f.kind === 'late') {
      pending.push({ at: now + f.delay, land: () => patchStatus(name, patch, rv) });
      throw timeout();
    }
    const out = await patchStatus(name, patch, rv);
    if (f.kind === 'lost') throw timeout();
    return out;
  };

  async function run(plan: RunPlan) {
    await advance(plan.gap);
    if (plan.operator !== undefined) kube.touchWorkload('Deployment', 'shop', 'web', plan.operator);
    scaleFaults = [...plan.scaleFaults];
    statusFaults = [...plan.statusFaults];
    lag = plan.lag;
    skew = plan.skew;
    const report = await reconcileAll(
      {
        kube,
        settings: parseSettings({}),
        now: () => new Date((now + plan.skew) * 1000),
        log: { info: () => undefined, warn: () => undefined },
        leaseIdentity: 'me',
        // ceil((10 w − 5) / 10) = w, never exactly on target
        fetchBody: () => Promise.resolve({ ok: true, body: { value: 10 * plan.wants - 5 } }),
      },
      { writeLifetimeMs, clockMarginMs },
    );
    const r = report.resources[0];
    // A run that decided saw the recommendation, whether or not its record was written.
    if (r?.desiredReplicas !== undefined) {
      const failed = r.reason === 'FailedUpdateStatus' || r.reason === 'StatusConflict';
      sightings.push({
        at: now,
        replicas: plan.wants,
        recorded: !failed && r.action !== 'skipped',
        skew: plan.skew,
      });
    }
    await advance(1);
    return report;
  }

  /** Lets every late write land (after the runs). */
  const settle = () => advance(MAX_LATE + 1);
  return { kube, run, settle, steps, sightings, now: () => now };
}
