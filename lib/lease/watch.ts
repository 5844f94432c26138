/**
 * What this process has seen of each Lease, on its own monotonic clock (client-go's
 * `observedRecord` + `observedTime`). A Lease counts as expired only once this process has seen
 * the same version of it (its resourceVersion: any write changes it) for a whole duration; the
 * times written in the Lease are never compared with our clock, so clocks may disagree by any
 * amount (their rates may not: see writeBound.ts). One watch per process keeps what it saw
 * between runs, so a timer's next run can take over a Lease whose holder died.
 */

export interface LeaseWatch {
  /** Milliseconds on a clock that only moves forward at a steady rate. */
  readonly monotonic: () => number;
  /** Waits on the same clock (injected in tests). */
  readonly sleep: (ms: number) => Promise<void>;
  /**
   * When `version` of Lease `key` of `cluster` (its lock: one per API server, so equal names in
   * the clusters of a fleet are kept apart) was first seen (monotonic ms); records it if new.
   */
  see(cluster: object, key: string, version: string): number;
}

/** Leases remembered at most per cluster (a process sees a few per shard). */
const MAX_KEYS = 10_000;

export function createLeaseWatch(
  monotonic: () => number = () => performance.now(),
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): LeaseWatch {
  type Seen = Map<string, { version: string; at: number }>;
  const clusters = new WeakMap<object, Seen>();
  return {
    monotonic,
    sleep,
    see(cluster, key, version) {
      let seen = clusters.get(cluster);
      if (!seen) clusters.set(cluster, (seen = new Map() as Seen));
      const last = seen.get(key);
      if (last?.version === version) return last.at;
      if (!last && seen.size >= MAX_KEYS) seen.delete(seen.keys().next().value as string);
      const at = monotonic();
      seen.set(key, { version, at });
      return at;
    },
  };
}

let processWatch: LeaseWatch | undefined;

/** This process's watch. */
export const processLeaseWatch = (): LeaseWatch => (processWatch ??= createLeaseWatch());
