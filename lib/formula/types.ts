/**
 * `spec.formula`: one value computed from the named metrics (KEDA `scalingModifiers`), which then
 * goes through the HPA arithmetic instead of each metric. The language is the numeric subset of
 * expr (github.com/expr-lang/expr) that KEDA formulas use, with expr's precedence and types;
 * closed: no member access, no variables beyond the metric names, no other functions.
 * docs/formula.md is the reference.
 */
import type { MetricTarget } from '../spec/target.js';

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '**' | '^';
export type ComparisonOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type LogicalOp = 'and' | 'or' | '&&' | '||';
export type BinaryOp = ArithmeticOp | ComparisonOp | LogicalOp | '??' | 'in';
export type UnaryOp = '-' | '+' | '!' | 'not';
/** Plain builtins: their arguments are expressions. */
export type FunctionName =
  'float' | 'int' | 'abs' | 'ceil' | 'floor' | 'round' | 'min' | 'max' | 'mean' | 'median';
/** Builtins over an array with a predicate (`{# > 1}`); the predicate is optional for count/sum. */
export type PredicateName = 'count' | 'all' | 'any' | 'none' | 'one' | 'sum' | 'filter' | 'map';

/** `pos`: 1-based character position of the node in the expression (for messages). */
export type Expr =
  /** `int`: written without `.` or exponent (expr's int type: `%` takes only ints). */
  | { readonly kind: 'num'; readonly value: number; readonly int: boolean; readonly pos: number }
  | { readonly kind: 'bool'; readonly value: boolean; readonly pos: number }
  | { readonly kind: 'ref'; readonly name: string; readonly pos: number }
  /** `#`: the element a predicate is looking at. */
  | { readonly kind: 'item'; readonly pos: number }
  | { readonly kind: 'unary'; readonly op: UnaryOp; readonly arg: Expr; readonly pos: number }
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
  | { readonly kind: 'array'; readonly items: readonly Expr[]; readonly pos: number }
  | {
      readonly kind: 'call';
      readonly fn: FunctionName;
      readonly args: readonly Expr[];
      readonly pos: number;
    }
  | {
      readonly kind: 'pred';
      readonly fn: PredicateName;
      readonly array: Expr;
      readonly body?: Expr;
      readonly pos: number;
    };

/**
 * When `??` takes over from a failed metric. `OnFailure` (default): on the run the read fails.
 * `AfterFailureThreshold` (KEDA's `fallback.behavior: scalingModifiers`): a failed metric is nil
 * only after more than `fallback.failureThreshold` failed runs in a row; until then any failed
 * read (used by the formula or not) fails the formula and the size is held, as in KEDA.
 */
export const COALESCE_MODES = ['OnFailure', 'AfterFailureThreshold'] as const;
export type CoalesceMode = (typeof COALESCE_MODES)[number];

export interface FormulaSpec {
  /** As written (shown in messages and `simulate`). */
  readonly expression: string;
  /** Parsed once, at spec parse time. */
  readonly ast: Expr;
  readonly target: MetricTarget;
  /** With minReplicas 0: active iff the formula's value is above this. */
  readonly activationTarget?: number;
  /** Absent = `OnFailure`. */
  readonly coalesce?: CoalesceMode;
}

export const FORMULA_LIMITS = {
  maxLength: 1024,
  /** Nesting depth of the parser's recursion (parentheses, operators, calls, arrays). */
  maxDepth: 48,
  maxArgs: 16,
  /** Nodes the evaluator may visit in one evaluation (predicates visit their body per element). */
  maxSteps: 100_000,
} as const;

/** The name the formula takes where a metric name is shown (reasons, simulate). */
export const FORMULA_NAME = 'formula';
