/**
 * expr's operator table (parser/operator/operator.go, v1.17.8 as KEDA uses it), restricted to the
 * operators of the closed language, and its builtins (builtin/builtin.go, parser.go predicates).
 */
import type { FunctionName, PredicateName } from './types.js';

export interface Operator {
  readonly precedence: number;
  readonly right: boolean;
}

const left = (precedence: number): Operator => ({ precedence, right: false });

export const UNARY: Readonly<Record<string, number>> = { not: 50, '!': 50, '-': 90, '+': 90 };

export const BINARY: Readonly<Record<string, Operator>> = {
  or: left(10),
  '||': left(10),
  and: left(15),
  '&&': left(15),
  '==': left(20),
  '!=': left(20),
  '<': left(20),
  '>': left(20),
  '>=': left(20),
  '<=': left(20),
  in: left(20),
  '+': left(30),
  '-': left(30),
  '*': left(60),
  '/': left(60),
  '%': left(60),
  '**': { precedence: 100, right: true },
  '^': { precedence: 100, right: true },
  '??': left(500),
};

/** expr chains these: `a < b < c` is `a < b && b < c`. */
export const CHAINED_COMPARISONS = new Set(['<', '>', '<=', '>=']);

/** Plain builtins with their arity (min, max arguments). */
export const FUNCTIONS: Readonly<Record<FunctionName, readonly [number, number]>> = {
  float: [1, 1],
  int: [1, 1],
  abs: [1, 1],
  ceil: [1, 1],
  floor: [1, 1],
  round: [1, 1],
  min: [1, 16],
  max: [1, 16],
  mean: [1, 16],
  median: [1, 16],
};

/** Array builtins; `true`: the predicate may be left out. */
export const PREDICATES: Readonly<Record<PredicateName, boolean>> = {
  all: false,
  any: false,
  none: false,
  one: false,
  filter: false,
  map: false,
  count: true,
  sum: true,
};

export const isFunction = (name: string): name is FunctionName => Object.hasOwn(FUNCTIONS, name);
export const isPredicate = (name: string): name is PredicateName => Object.hasOwn(PREDICATES, name);
