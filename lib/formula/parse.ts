/**
 * The formula's entry point: lex (lex.ts), parse with expr's grammar (parser.ts), check expr's
 * types (check.ts). Every error is a FormulaError with a 1-based position, returned as a value.
 */
import { checkFormula } from './check.js';
import { FormulaError, lex } from './lex.js';
import { Parser } from './parser.js';
import { FORMULA_LIMITS, type Expr } from './types.js';

export type ParsedFormula =
  | { readonly ok: true; readonly ast: Expr; readonly names: readonly string[] }
  | { readonly ok: false; readonly pos: number; readonly message: string };

/** Parses `text`; `known` (the metric names) must contain every name the expression uses. */
export function parseFormula(text: string, known?: readonly string[]): ParsedFormula {
  try {
    if (text.length > FORMULA_LIMITS.maxLength)
      throw new FormulaError(FORMULA_LIMITS.maxLength + 1, 'expression too long');
    const parser = new Parser(lex(text));
    const ast = parser.expression(0);
    const end = parser.next();
    if (end.t !== 'end') throw parser.unexpected(end);
    checkFormula(ast, known && new Set(known));
    return { ok: true, ast, names: [...parser.names] };
  } catch (err) {
    if (err instanceof FormulaError) return { ok: false, pos: err.pos, message: err.message };
    throw err;
  }
}
