/** A metric's (or a formula's) target: the HPA's `AverageValue` or `Value`. */
export type MetricTarget =
  | { readonly type: 'AverageValue'; readonly averageValue: number }
  | { readonly type: 'Value'; readonly value: number };
