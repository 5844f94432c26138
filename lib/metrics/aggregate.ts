/** Several selected numbers → one, as `aggregate` says. Pure. */
export const AGGREGATES = ['sum', 'avg', 'max', 'min'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

/** `values` is non-empty. */
export function aggregateValues(values: readonly number[], how: Aggregate): number {
  if (how === 'max') return Math.max(...values);
  if (how === 'min') return Math.min(...values);
  const sum = values.reduce((a, b) => a + b, 0);
  return how === 'sum' ? sum : sum / values.length;
}
