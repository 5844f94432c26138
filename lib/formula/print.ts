/** An expression back to text, fully parenthesised (so `parse(print(ast))` is the same tree). */
import type { Expr } from './types.js';

export function printFormula(e: Expr): string {
  switch (e.kind) {
    case 'num':
      return String(e.value);
    case 'ref':
      return e.name;
    case 'neg':
      return `(-${printFormula(e.arg)})`;
    case 'bin':
      return `(${printFormula(e.left)} ${e.op} ${printFormula(e.right)})`;
    case 'coalesce':
      return `(${printFormula(e.left)} ?? ${printFormula(e.right)})`;
    case 'cond':
      return `(${printFormula(e.test)} ? ${printFormula(e.then)} : ${printFormula(e.otherwise)})`;
    case 'call':
      return `${e.fn}(${e.args.map(printFormula).join(', ')})`;
  }
}
