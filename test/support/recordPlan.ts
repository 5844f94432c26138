/**
 * The plans and logs of the record-before-acting world (recordWorld.ts): what each run does,
 * the settings and spec it runs under, and what the world logs of what really happened.
 */
import { shardOf, type Shard } from '../../lib/shard/shard.js';

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
  /**
   * `SHARDS` for this run (default 1): with 2, a run of each shard, `web`'s first. The Leases of
   * the other layout keep their run records (issue 20 case 5). A takeover keeps its run's layout.
   */
  readonly shards?: 1 | 2;
  /** A run for `web` alone (`reconcile web`): it records no run time and removes no record. */
  readonly oneName?: boolean;
}

/** The shards a run of `count` covers, `name`'s first. */
export function shardsOf(name: string, count: 1 | 2): Shard[] {
  const own = shardOf(name, count);
  return [own, ...[0, 1].filter((i) => i < count && i !== own)].map((index) => ({ index, count }));
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
export const RATES = [1, 1.25] as const;

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
