/**
 * `spec.formula`: one value computed from the named metrics (KEDA `scalingModifiers`), which then
 * goes through the HPA arithmetic instead of each metric. The expression language is closed:
 * numbers, metric names, `+ - * /`, `min() max() abs()`, parentheses, comparisons, `?:` and `??`.
 */
import type { MetricTarget } from '../spec/target.js';

export type BinaryOp = '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '==' | '!=';
export type FunctionName = 'min' | 'max' | 'abs';

/** `pos`: 1-based character position of the node in the expression (for messages). */
export type Expr =
  | { readonly kind: 'num'; readonly value: number; readonly pos: number }
  | { readonly kind: 'ref'; readonly name: string; readonly pos: number }
  | { readonly kind: 'neg'; readonly arg: Expr; readonly pos: number }
  | {
      readonly kind: 'bin';
      readonly op: BinaryOp;
      readonly left: Expr;
      readonly right: Expr;
      readonly pos: number;
    }
  | {
      readonly kind: 'cond';
      readonly test: Expr;
      readonly then: Expr;
      readonly otherwise: Expr;
      readonly pos: number;
    }
  /** `left ?? right`: right when evaluating left failed (a metric failed, or division by 0). */
  | { readonly kind: 'coalesce'; readonly left: Expr; readonly right: Expr; readonly pos: number }
  | {
      readonly kind: 'call';
      readonly fn: FunctionName;
      readonly args: readonly Expr[];
      readonly pos: number;
    };

export interface FormulaSpec {
  /** As written (shown in messages and `simulate`). */
  readonly expression: string;
  /** Parsed once, at spec parse time. */
  readonly ast: Expr;
  readonly target: MetricTarget;
  /** With minReplicas 0: active iff the formula's value is above this. */
  readonly activationTarget?: number;
}

export const FORMULA_LIMITS = {
  maxLength: 1024,
  /** Nesting depth of the parser's recursion (parentheses, operators, calls). */
  maxDepth: 48,
  maxArgs: 16,
} as const;

/** The name the formula takes where a metric name is shown (reasons, simulate). */
export const FORMULA_NAME = 'formula';
