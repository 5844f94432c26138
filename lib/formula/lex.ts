/** Tokens of a formula. Anything outside the closed language is an error at its position. */

export type Token =
  | { readonly t: 'num'; readonly value: number; readonly pos: number }
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

const NUMBER = /^\d+(\.\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
/** Longest first, so `??` is not read as `?` `?` and `<=` not as `<` `=`. */
const OPERATORS = [
  '??',
  '<=',
  '>=',
  '==',
  '!=',
  '+',
  '-',
  '*',
  '/',
  '(',
  ')',
  ',',
  '?',
  ':',
  '<',
  '>',
];

export function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const pos = i + 1;
    const space = /^[ \t\r\n]+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const num = NUMBER.exec(rest);
    if (num) {
      if (NAME.test(rest.slice(num[0].length)))
        throw new FormulaError(pos, 'a number must not run into a name');
      tokens.push({ t: 'num', value: Number(num[0]), pos });
      i += num[0].length;
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      tokens.push({ t: 'name', name: name[0], pos });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (op === undefined) {
      // Never quote the character beyond a safe set: the message lands in status.
      const ch = rest[0] ?? '';
      const shown = /^[!-~]$/.test(ch) ? `"${ch}"` : 'character';
      throw new FormulaError(pos, `unexpected ${shown}`);
    }
    tokens.push({ t: 'op', op, pos });
    i += op.length;
  }
  tokens.push({ t: 'end', pos: text.length + 1 });
  return tokens;
}
