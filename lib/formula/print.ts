/**
 * An expression back to text, fully parenthesised, so `parse(print(ast))` is the same tree: a
 * float literal keeps a `.0` or its exponent (expr's int and float differ for `%`), predicates get
 * braces, a chained comparison comes back as its `&&`.
 */
import type { Expr } from './types.js';

function printNumber(value: number, int: boolean): string {
  const s = String(value);
  return int || /[.e]/.test(s) ? s : `${s}.0`;
}

export function printFormula(e: Expr): string {
  switch (e.kind) {
    case 'num':
      return printNumber(e.value, e.int);
    case 'bool':
      return String(e.value);
    case 'ref':
      return e.name;
    case 'item':
      return '#';
    case 'unary':
      return `(${e.op}${e.op === 'not' ? ' ' : ''}${printFormula(e.arg)})`;
    case 'bin':
      return `(${printFormula(e.left)} ${e.op} ${printFormula(e.right)})`;
    case 'cond':
      return `(${printFormula(e.test)} ? ${printFormula(e.then)} : ${printFormula(e.otherwise)})`;
    case 'array':
      return `[${e.items.map(printFormula).join(', ')}]`;
    case 'call':
      return `${e.fn}(${e.args.map(printFormula).join(', ')})`;
    case 'pred': {
      const body = e.body === undefined ? '' : `, {${printFormula(e.body)}}`;
      return `${e.fn}(${printFormula(e.array)}${body})`;
    }
  }
}
