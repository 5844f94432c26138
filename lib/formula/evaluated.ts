/** What evaluating a formula (or one of its nodes) gives: lib/formula/evaluate.ts. */
import type { MetricErrorKind } from '../metrics/types.js';
import type { Value } from './builtins.js';
import type { Expr } from './types.js';

export type FormulaValue =
  | { readonly ok: true; readonly value: number }
  | {
      readonly ok: false;
      readonly message: string;
      /** The failed metric's kind (`auth`, `timeout`, …), when a metric failed. */
      readonly kind?: MetricErrorKind;
      /** expr's nil: a metric read as nil (`coalesce: AfterFailureThreshold`), unchanged. */
      readonly nil?: true;
    };

export type Evaluated =
  { readonly ok: true; readonly v: Value } | Extract<FormulaValue, { ok: false }>;

export interface Evaluator {
  (e: Expr, item?: Value): Evaluated;
}
