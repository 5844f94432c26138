/** The run's two guarded steps: listing HPAs/ScaledObjects, and one resource's unexpected failure. */
import { KubeApiError, type ExternalScaler, type KubePort } from '../kube/port.js';
import type { ResourceReport } from './report.js';

/**
 * HPAs and ScaledObjects, or none when they cannot be listed: then the run scales as if there
 * were none (holding everything would let a transient 403 freeze every workload) and says so
 * in one warning. Conflicts among BusinessScalings are still found.
 */
export async function listScalersOrNone(
  kube: KubePort,
  warn: (line: string) => void,
): Promise<ExternalScaler[]> {
  try {
    return await kube.listScalers();
  } catch (err) {
    const why = err instanceof KubeApiError ? err.message : `unexpected ${errorName(err)}`;
    warn(`could not list HPAs/ScaledObjects (${why}); scaling without checking them for conflicts`);
    return [];
  }
}

const errorName = (err: unknown) => (err instanceof Error ? err.name : typeof err);

/** A bug in one resource's path must not take the run down with it. */
export function toInternalError(name: string, err: unknown): ResourceReport {
  const kind = err instanceof Error ? err.name : typeof err;
  return {
    name,
    metrics: {},
    action: 'error',
    reason: 'InternalError',
    message: `internal error (${kind})`,
  };
}
