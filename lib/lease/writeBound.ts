/**
 * The times that keep one writer per shard, derived from the settings, and the check that refuses
 * settings under which they cannot hold (parseSettings calls it, so a bad combination stops the
 * process at start with a message naming the settings).
 *
 * - attempt lifetime A = KUBE_TIMEOUT_MS + LANDING_SLACK_MS: once sent, one try of a request is
 *   answered or abandoned by us within KUBE_TIMEOUT_MS, and we assume the API server does not
 *   apply it later than LANDING_SLACK_MS after that.
 * - renew deadline RD = LEASE_RENEW_DEADLINE_SECONDS: a holder that has not renewed for RD (its
 *   own monotonic clock, from the moment it sent its last successful renewal) gives up.
 * - write deadline = last successful renewal + RD − A: no try of any write starts later, so every
 *   write lands (or never will) by renewal + RD. A taker waits LEASE_DURATION_SECONDS = D > RD
 *   from when *it* saw that renewal, which is later than the holder sent it: clocks may disagree
 *   by any amount; their rates may differ by up to D / RD (client-go's tolerance).
 * - run deadline R = RUN_DEADLINE_SECONDS: no try of any write starts later than R after the run
 *   started, lease or not.
 * - write lifetime W = R + A (`writeLifetimeMs`): from the start of a run (so from any decision
 *   it makes), the longest time one of its writes can still land.
 */

/** How long after we abandoned a try the API server may still apply it (our assumption). */
export const LANDING_SLACK_MS = 2000;
/** The least time left for writes after each renewal (RD − A). */
export const MIN_WRITE_WINDOW_MS = 1000;

export interface TimingSettings {
  readonly kubeTimeoutMs: number;
  readonly leaseDurationSeconds: number;
  readonly leaseRenewDeadlineSeconds: number;
  readonly runDeadlineSeconds: number;
}

export interface LeaseTiming {
  readonly durationSeconds: number;
  readonly renewDeadlineMs: number;
  /** A: one try, sent, lands or is abandoned within this. */
  readonly attemptMs: number;
  /** How often a holder renews: a third of the write window (RD − A). */
  readonly renewEveryMs: number;
}

/** A: the longest one sent try of a request can take to land (or never land). */
export const attemptLifetimeMs = (s: Pick<TimingSettings, 'kubeTimeoutMs'>): number =>
  s.kubeTimeoutMs + LANDING_SLACK_MS;

/** W: from a run's start, the longest time one of its writes can still land. */
export const writeLifetimeMs = (s: TimingSettings): number =>
  s.runDeadlineSeconds * 1000 + attemptLifetimeMs(s);

export function leaseTiming(s: TimingSettings): LeaseTiming {
  const renewDeadlineMs = s.leaseRenewDeadlineSeconds * 1000;
  const attemptMs = attemptLifetimeMs(s);
  return {
    durationSeconds: s.leaseDurationSeconds,
    renewDeadlineMs,
    attemptMs,
    renewEveryMs: Math.max(100, Math.floor((renewDeadlineMs - attemptMs) / 3)),
  };
}

/** Why these settings cannot keep one writer per shard; [] when they can. */
export function checkTiming(s: TimingSettings): string[] {
  const problems: string[] = [];
  const { leaseDurationSeconds: d, leaseRenewDeadlineSeconds: rd, kubeTimeoutMs: t } = s;
  if (rd >= d) {
    problems.push(
      `LEASE_RENEW_DEADLINE_SECONDS (${rd}) must be below LEASE_DURATION_SECONDS (${d}): ` +
        'a taker must wait longer than the holder may write',
    );
  }
  const window = rd * 1000 - attemptLifetimeMs(s);
  if (window < MIN_WRITE_WINDOW_MS) {
    problems.push(
      `KUBE_TIMEOUT_MS (${t}) + ${LANDING_SLACK_MS} ms for a late request to land must fit in ` +
        `LEASE_RENEW_DEADLINE_SECONDS (${rd} s) with at least ${MIN_WRITE_WINDOW_MS} ms to spare ` +
        `(it leaves ${window} ms): lower KUBE_TIMEOUT_MS or raise both lease settings`,
    );
  }
  if (s.runDeadlineSeconds * 1000 < t) {
    problems.push(
      `RUN_DEADLINE_SECONDS (${s.runDeadlineSeconds}) must be at least KUBE_TIMEOUT_MS (${t} ms)`,
    );
  }
  return problems;
}
