/** Several selected numbers → one, as `aggregate` says. Pure. */
export const AGGREGATES = ['sum', 'avg', 'max', 'min'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

/**
 * `values` is non-empty. One loop, never `Math.max(...values)`: spreading an array into arguments
 * throws a RangeError past the engine's argument limit (about 120,000 on V8).
 */
export function aggregateValues(values: readonly number[], how: Aggregate): number {
  let sum = 0;
  let max = -Infinity;
  let min = Infinity;
  for (const v of values) {
    sum += v;
    if (v > max) max = v;
    if (v < min) min = v;
  }
  if (how === 'max') return max;
  if (how === 'min') return min;
  return how === 'sum' ? sum : sum / values.length;
}
