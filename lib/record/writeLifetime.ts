/**
 * The longest one of our writes can still land after its intent was recorded, when nothing
 * better is given (`RunOptions.writeLifetimeMs`, from the lease's write deadline). Taken
 * conservatively: a write may wait for the whole lease (its holder stops starting writes
 * before the lease ends), then be retried for the retry budget, each try up to the request
 * timeout. A longer bound only makes an unconfirmed step count longer.
 */
import type { Settings } from '../config.js';

/** `lib/kube/retry.ts`: no retry starts later than this after the first try. */
const RETRY_BUDGET_MS = 10_000;

export function defaultWriteLifetimeMs(
  s: Pick<Settings, 'leaseDurationSeconds' | 'kubeTimeoutMs'>,
): number {
  return s.leaseDurationSeconds * 1000 + RETRY_BUDGET_MS + 2 * s.kubeTimeoutMs;
}
