/**
 * A linear scanner for sample lines of the Prometheus text format: `name{labels} value [ts]`.
 * One pass over the text with an index, no regular expression on values or labels, so a hostile
 * body costs at most a few steps per character. `work.chars` counts the characters examined;
 * past `MAX_EXPOSITION_CHARS` the scan stops with a budget reason.
 */
import { MAX_EXPOSITION_CHARS, MAX_SELECTED_VALUES } from './budgets.js';

/** The characters examined so far; `overBudget` is set when a budget stopped the scan. */
export interface ScanWork {
  chars: number;
  overBudget: boolean;
}

const isNameStart = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58; // a-z A-Z _ :
const isDigit = (c: number) => c >= 48 && c <= 57;
const isNameChar = (c: number) => isNameStart(c) || isDigit(c);
const isLabelStart = (c: number) => isNameStart(c) && c !== 58;
const isLabelChar = (c: number) => isLabelStart(c) || isDigit(c);
export const isBlank = (c: number) => c === 32 || c === 9 || c === 13; // space, tab, CR

/** A cursor over one line `[pos, end)` of `text`. */
export interface Cursor {
  readonly text: string;
  pos: number;
  readonly end: number;
}

const at = (c: Cursor) => (c.pos < c.end ? c.text.charCodeAt(c.pos) : -1);

export function skipBlanks(c: Cursor): void {
  while (c.pos < c.end && isBlank(c.text.charCodeAt(c.pos))) c.pos++;
}

function scanWhile(c: Cursor, first: (ch: number) => boolean, rest: (ch: number) => boolean) {
  const start = c.pos;
  if (c.pos < c.end && first(at(c))) {
    c.pos++;
    while (c.pos < c.end && rest(at(c))) c.pos++;
  }
  return c.text.slice(start, c.pos);
}

export const scanMetricName = (c: Cursor) => scanWhile(c, isNameStart, isNameChar);

/** `"…"` with `\n`, `\\`, `\"` escapes; undefined when the quote is not closed on the line. */
function scanQuoted(c: Cursor): string | undefined {
  if (at(c) !== 34) return undefined;
  c.pos++;
  let out = '';
  let from = c.pos;
  while (c.pos < c.end) {
    const ch = at(c);
    if (ch === 34) {
      out += c.text.slice(from, c.pos++);
      return out;
    }
    if (ch === 92 && c.pos + 1 < c.end) {
      const next = c.text[c.pos + 1]!;
      out += c.text.slice(from, c.pos) + (next === 'n' ? '\n' : next);
      c.pos += 2;
      from = c.pos;
    } else c.pos++;
  }
  return undefined;
}

/** `{a="b",c="d"}` (the cursor at `{`); undefined when malformed. */
export function scanLabels(c: Cursor): Map<string, string> | undefined {
  const labels = new Map<string, string>();
  c.pos++;
  for (;;) {
    skipBlanks(c);
    if (at(c) === 125) break; // }
    const label = scanWhile(c, isLabelStart, isLabelChar);
    skipBlanks(c);
    if (label === '' || at(c) !== 61) return undefined; // =
    c.pos++;
    skipBlanks(c);
    const value = scanQuoted(c);
    if (value === undefined) return undefined;
    labels.set(label, value);
    skipBlanks(c);
    if (at(c) === 44)
      c.pos++; // ,
    else if (at(c) !== 125) return undefined;
  }
  c.pos++;
  return labels;
}

function countDigits(text: string, from: number): number {
  let i = from;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  return i - from;
}

/** `NaN`, `±Inf`, or `[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?`, checked in one pass. */
export function parseSampleValue(token: string): number | undefined {
  if (token === 'NaN') return Number.NaN;
  if (token === '+Inf' || token === '-Inf') return token === '+Inf' ? Infinity : -Infinity;
  let i = token[0] === '+' || token[0] === '-' ? 1 : 0;
  const whole = countDigits(token, i);
  i += whole;
  let fraction = 0;
  if (token[i] === '.') fraction = countDigits(token, ++i);
  i += fraction;
  if (whole === 0 && fraction === 0) return undefined;
  if (token[i] === 'e' || token[i] === 'E') {
    i += token[i + 1] === '+' || token[i + 1] === '-' ? 2 : 1;
    const exponent = countDigits(token, i);
    if (exponent === 0) return undefined;
    i += exponent;
  }
  return i === token.length ? Number(token) : undefined;
}

/** The value token after the labels (up to the next blank), or '' when there is none. */
export function scanValueToken(c: Cursor): string {
  skipBlanks(c);
  const start = c.pos;
  while (c.pos < c.end && !isBlank(at(c))) c.pos++;
  return c.text.slice(start, c.pos);
}

/** Whether the characters examined and the values found so far are within the budgets. */
export function withinBudget(work: ScanWork, values: number): boolean {
  if (work.chars <= MAX_EXPOSITION_CHARS && values <= MAX_SELECTED_VALUES) return true;
  work.overBudget = true;
  return false;
}
