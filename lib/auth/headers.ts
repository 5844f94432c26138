/**
 * Which request headers a BusinessScaling may set. Pure. Refused: headers that change where a
 * request goes or whom it speaks for (`Host`, `Authorization` — only through `auth`, `Cookie`,
 * `Proxy-Authorization`), that unlock the Azure identity endpoints (`Metadata`,
 * `X-IDENTITY-HEADER`), that forge the client address (`Forwarded`, `X-Forwarded-*`) and the
 * hop-by-hop and framing headers (`Connection`, `Transfer-Encoding`, …).
 */
const FORBIDDEN = new Set([
  'host',
  'authorization',
  'proxy-authorization',
  'cookie',
  'metadata',
  'x-identity-header',
  'forwarded',
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
  'expect',
]);

/** RFC 9110 token. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;

/** Null when a resource may set header `name` itself, else the reason (never a value). */
export function checkHeaderName(name: unknown): string | null {
  if (typeof name !== 'string' || !TOKEN.test(name)) return 'must be an HTTP header name';
  const lower = name.toLowerCase();
  if (FORBIDDEN.has(lower) || lower.startsWith('x-forwarded-') || lower.startsWith('proxy-')) {
    return `must not be ${name} (set by the function or not allowed)`;
  }
  return null;
}

/** Printable ASCII and tabs only: no CR/LF header injection. */
export function checkHeaderValue(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length > 4096) return 'must be at most 4096 characters';
  return /^[\t\x20-\x7e]*$/.test(value) ? null : 'must be printable ASCII';
}
