/** The last step of the pipeline: keep the proposal within [minReplicas, maxReplicas]. */
import type { LimitReason } from './types.js';

export interface Limited {
  readonly replicas: number;
  readonly limited: LimitReason;
}

/** HPA words: TooFewReplicas below min, TooManyReplicas above max, else DesiredWithinRange. */
export function limitToRange(replicas: number, minReplicas: number, maxReplicas: number): Limited {
  if (replicas < minReplicas) return { replicas: minReplicas, limited: 'TooFewReplicas' };
  if (replicas > maxReplicas) return { replicas: maxReplicas, limited: 'TooManyReplicas' };
  return { replicas, limited: 'DesiredWithinRange' };
}
