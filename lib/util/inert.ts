/**
 * Text from status, a spec or a response body made inert before it reaches a terminal: C0 and
 * C1 control characters (ESC, CSI, OSC, BEL, CR, LF, …), DEL, and the invisible formatting
 * characters that reorder or hide text (bidi embeddings, overrides and isolates, zero-width
 * marks, line/paragraph separators, BOM) are printed as escapes (`\x1b`, `\u202e`). So status
 * text cannot clear the screen, set the window title, or forge a line of output.
 */

// C0, DEL, C1; ALM; ZW space/joiners, LRM/RLM; LS/PS, bidi embeddings and overrides; word
// joiner…invisible operators and bidi isolates; BOM.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;
const UNSAFE_BUT_LF =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

function escape(c: string): string {
  const code = c.charCodeAt(0);
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One field (a table cell, a message, one line): every unsafe character escaped, LF too. */
export const toInert = (text: string): string => text.replace(UNSAFE, escape);

/**
 * Whole output already made of lines: every unsafe character but LF escaped. The last guard of
 * the CLI's stdout and stderr; fields are escaped with `toInert` before they are joined.
 */
export const toInertLines = (text: string): string => text.replace(UNSAFE_BUT_LF, escape);

/**
 * JSON text (`JSON.stringify` escapes C0 but not DEL, C1 or the formatting characters): those as
 * `\uXXXX`, which is still the same JSON. They can only occur inside strings.
 */
export const toInertJson = (json: string): string =>
  json.replace(UNSAFE_BUT_LF, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
