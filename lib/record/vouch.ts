/**
 * Which resources a run cannot vouch for (lib/record/runMarker.ts): those whose status write it
 * does not know to have landed. A resource that needed no write, or whose write succeeded, is
 * vouched for; a failed, refused, conflicting or crashed one is not.
 */
import { Reason } from '../reasons.js';
import type { ResourceReport } from '../reconcile/report.js';

const UNKNOWN: ReadonlySet<string> = new Set([
  Reason.FailedUpdateStatus,
  Reason.StatusConflict,
  Reason.LeaseLost,
  'InternalError',
]);

export function unvouchedOf(resources: readonly ResourceReport[]): string[] {
  return resources
    .filter((r) => r.reason !== undefined && UNKNOWN.has(r.reason))
    .map((r) => r.name);
}
