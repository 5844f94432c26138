/**
 * Tokens of a formula, scanned once left to right (sticky regexes: linear in the text). Anything
 * outside the closed language is an error at its position. A number literal must be finite and
 * an integer literal must fit expr's int (64 bits), as expr's parser requires.
 */

export type Token =
  | { readonly t: 'num'; readonly value: number; readonly int: boolean; readonly pos: number }
  | { readonly t: 'name'; readonly name: string; readonly pos: number }
  | { readonly t: 'op'; readonly op: string; readonly pos: number }
  | { readonly t: 'end'; readonly pos: number };

export class FormulaError extends Error {
  override name = 'FormulaError';
  /** 1-based character position in the expression. */
  constructor(
    readonly pos: number,
    readonly reason: string,
  ) {
    super(`${reason} at position ${pos}`);
  }
}

const SPACE = /[ \t\r\n]+/y;
/** expr's decimal literal: digits and `_`, an optional fraction, an optional exponent. */
const NUMBER = /[0-9][0-9_]*(\.[0-9][0-9_]*)?([eE][+-]?[0-9][0-9_]*)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
/** Longest first, so `??` is not read as `?` `?`, `**` not as `*` `*`, `<=` not as `<` `=`. */
const OPERATORS = /\?\?|\*\*|&&|\|\||<=|>=|==|!=|[-+*/%^()[\]{},?:<>!#]/y;
/** Word operators of expr; every other name is a metric or a function. */
const WORD_OPERATORS = new Set(['and', 'or', 'not', 'in']);
const MAX_INT = 2 ** 63;

function match(re: RegExp, text: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(text)?.[0];
}

/** Issue 22 case 9: a literal is finite (309 digits were Infinity), an int fits 64 bits. */
function toNumber(raw: string, pos: number): Token {
  const clean = raw.replace(/_/g, '');
  const int = !/[.eE]/.test(clean);
  const value = Number(clean);
  if (int && value >= MAX_INT) throw new FormulaError(pos, 'integer literal is too large');
  if (!Number.isFinite(value)) throw new FormulaError(pos, 'float literal is too large');
  return { t: 'num', value, int, pos };
}

export function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const pos = i + 1;
    const space = match(SPACE, text, i);
    if (space !== undefined) {
      i += space.length;
      continue;
    }
    const num = match(NUMBER, text, i);
    if (num !== undefined) {
      if (match(NAME, text, i + num.length) !== undefined || text[i + num.length] === '.')
        throw new FormulaError(pos, 'bad number syntax');
      tokens.push(toNumber(num, pos));
      i += num.length;
      continue;
    }
    const name = match(NAME, text, i);
    if (name !== undefined) {
      tokens.push(WORD_OPERATORS.has(name) ? { t: 'op', op: name, pos } : { t: 'name', name, pos });
      i += name.length;
      continue;
    }
    const op = match(OPERATORS, text, i);
    if (op === undefined) {
      // Never quote the character beyond a safe set: the message lands in status.
      const ch = text[i] ?? '';
      const shown = /^[!-~]$/.test(ch) ? `"${ch}"` : 'character';
      throw new FormulaError(pos, `unexpected ${shown}`);
    }
    tokens.push({ t: 'op', op, pos });
    i += op.length;
  }
  tokens.push({ t: 'end', pos: text.length + 1 });
  return tokens;
}
