/**
 * The one way a metric URL appears in a message, log line, condition or event: `host[:port]/path`.
 * Scheme, userinfo (`user:pass@`), query string and fragment are dropped, since API keys travel
 * there. A secret placed in the path itself cannot be told apart and is kept.
 */
export function describeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '<invalid url>';
  }
  return `${parsed.host}${parsed.pathname}`;
}
