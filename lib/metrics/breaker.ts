/**
 * A circuit breaker per metric host for one run (the reader, and so the breaker, is made per run).
 *
 * Only `timeout` and `network` failures count — the ones that cost a run time. Others (`http`,
 * `parse`, `too-large`, `blocked`, `auth`) prove the host answers or concern the request, and
 * neither count nor reset. A host is
 * - closed while it has no such failure in a row: requests go out up to the per-host limit;
 * - suspect after one: each request still in flight is presumed to fail too, so a new one is
 *   sent only while `failures + inFlight < threshold` (others wait for an outcome); a success
 *   closes it again;
 * - open after `threshold` in a row: the host's remaining requests this run are skipped. There is
 *   no half-open probe: the next run, one timer tick later, is the probe.
 * So a dead host gets at most `max(per-host limit, threshold)` requests per run, and costs one
 * timeout when its first requests go out together.
 */
import type { BodyResult, MetricErrorKind } from './types.js';

/** Kinds that make a host open; also the kind reported for requests skipped because of it. */
export type TripKind = Extract<MetricErrorKind, 'timeout' | 'network'>;

export interface HostBreaker {
  /** Waits until a request to `host` may be sent (→ undefined; then `record` its outcome once),
   * or must be skipped (→ the kind of the failure that opened the host). */
  admit(host: string): Promise<TripKind | undefined>;
  /** Records the outcome of an admitted request. */
  record(host: string, result: BodyResult): void;
  /** The kind of the failure that opened `host`, or undefined while it is not open. */
  openKind(host: string): TripKind | undefined;
}

interface HostState {
  failures: number;
  inFlight: number;
  open?: TripKind;
  wake: (() => void)[];
}

const isTrip = (r: BodyResult): r is BodyResult & { kind: TripKind } =>
  !r.ok && (r.kind === 'timeout' || r.kind === 'network');

export function createBreaker(threshold: number): HostBreaker {
  if (!Number.isInteger(threshold) || threshold < 1) {
    throw new RangeError(`breaker threshold must be an integer >= 1, got ${threshold}`);
  }
  const hosts = new Map<string, HostState>();
  const stateOf = (host: string): HostState => {
    let state = hosts.get(host);
    if (!state) hosts.set(host, (state = { failures: 0, inFlight: 0, wake: [] }));
    return state;
  };
  return {
    async admit(host) {
      const state = stateOf(host);
      // Waits only while requests are in flight, so a `record` always comes to wake it.
      while (state.open === undefined && state.failures > 0) {
        if (state.failures + state.inFlight < threshold) break;
        await new Promise<void>((wake) => state.wake.push(wake));
      }
      if (state.open !== undefined) return state.open;
      state.inFlight += 1;
      return undefined;
    },
    record(host, result) {
      const state = stateOf(host);
      state.inFlight = Math.max(0, state.inFlight - 1);
      if (state.open === undefined) {
        if (result.ok) state.failures = 0;
        else if (isTrip(result)) {
          state.failures += 1;
          if (state.failures >= threshold) state.open = result.kind;
        }
      }
      for (const wake of state.wake.splice(0)) wake();
    },
    openKind: (host) => hosts.get(host)?.open,
  };
}

/** The message of a request skipped because its host is open; names `host/path` only. */
export function skippedMessage(where: string, threshold: number): string {
  const times = threshold === 1 ? 'once' : `${threshold} times in a row`;
  return `${where}: skipped: host failed ${times} this run`;
}
