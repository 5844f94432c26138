/**
 * A run's write gate (lib/kube/writeGate.ts): a write may start while the run holds its lease
 * before the lease's write deadline, and before the run's own deadline (RUN_DEADLINE_SECONDS
 * after it started, on the monotonic clock), whichever comes first.
 */
import type { WriteGate } from '../kube/writeGate.js';

export function createRunGate(
  refusal: () => string | undefined,
  monotonic: () => number,
  /** When the run started, on `monotonic`. */
  startedAt: number,
  runDeadlineSeconds: number,
): WriteGate {
  const endsAt = startedAt + runDeadlineSeconds * 1000;
  const late = `the run's deadline passed (RUN_DEADLINE_SECONDS=${runDeadlineSeconds})`;
  return () => refusal() ?? (monotonic() < endsAt ? undefined : late);
}
