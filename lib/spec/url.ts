/**
 * Metric URLs are hostile: they may carry tokens in the query or credentials in the userinfo.
 * The check answers with fixed sentences and never echoes any part of the URL.
 */
import { checkString } from './fields.js';
import { STRING_RULES } from './rules.js';

const NOT_HTTP = `must be ${STRING_RULES.url.expected}`;
const checkShape = checkString(STRING_RULES.url);
const WHITESPACE_OR_CONTROL = /[\s\p{Cc}]/u;

/** Null when `value` is an absolute http(s) URL without credentials, else the reason. */
export function checkHttpUrl(value: unknown): string | null {
  const reason = checkShape(value);
  if (reason !== null || typeof value !== 'string') return reason;
  // `new URL` silently strips tabs/newlines and trailing spaces: refuse them instead.
  if (WHITESPACE_OR_CONTROL.test(value) || !URL.canParse(value)) return NOT_HTTP;
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return NOT_HTTP;
  if (url.username !== '' || url.password !== '') {
    return 'must not contain credentials (user:password@)';
  }
  return null;
}
