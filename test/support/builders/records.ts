/** Decision records as status holds them, for the explain tests. */
import type { DecisionRecord } from '../../../lib/record/types.js';

/** A run that held at 2 replicas at `time`, with `reason` and no metrics. */
export const heldRecord = (time: string, reason: string): DecisionRecord => ({
  time,
  from: 2,
  to: 2,
  action: 'held',
  reason,
  metrics: [],
});
