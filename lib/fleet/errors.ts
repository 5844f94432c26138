/** Safe words for a run that failed before reconciling: never a body, token or credential detail. */
import { KubeApiError } from '../kube/port.js';

/** KubeApiError and ArmError messages are built to be safe; anything else is named by its class. */
export function describeRunError(err: unknown): string {
  if (err instanceof KubeApiError) return err.message;
  if (err instanceof Error && err.name === 'ArmError') return err.message;
  const kind = err instanceof Error ? err.name : typeof err;
  return `the run failed before reconciling (${kind})`;
}
