/**
 * Pure parsing of a metric response: text → JSON body → one number. No I/O.
 *
 * Accepted values: finite numbers >= 0 (JSON `-0` reads as 0), and strings holding a plain decimal
 * (`"42"`, `"3.5"`, `" 7 "`; surrounding whitespace is trimmed). Everything else is a `parse`
 * failure: null, booleans, arrays, objects, negative numbers, numbers too large to be finite
 * (JSON `1e400`), and strings that are empty, signed, hex (`"0x10"`), exponent (`"1e3"`),
 * `"Infinity"`, `"NaN"`, `".5"` or `"5."`. Exponent and hex strings are refused because
 * `Number()` would read them in ways a dashboard showing the same string would not.
 *
 * Messages name the field and the JSON type found, never the value or any other part of the body.
 */
import type { BodyResult, MetricResult } from './types.js';

const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;
const ARRAY_INDEX = /^\d+$/;
const HTML_TYPES = /^\s*(text\/html|application\/xhtml\+xml)\s*(;|$)/i;

type Failure = Extract<MetricResult, { ok: false }>;

function failParse(where: string, reason: string): Failure {
  return { ok: false, kind: 'parse', message: `${where}: ${reason}` };
}

/** JSON type name for messages: never the value itself. */
function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Own properties only: `constructor.name` or `items.length` must not reach into prototypes or
 * array internals. Array elements only by all-digit segments.
 */
function readSegment(container: unknown, segment: string): { found: boolean; value?: unknown } {
  if (Array.isArray(container)) {
    if (!ARRAY_INDEX.test(segment)) return { found: false };
    const index = Number(segment);
    return index < container.length ? { found: true, value: container[index] } : { found: false };
  }
  if (typeof container !== 'object' || container === null) return { found: false };
  if (!Object.hasOwn(container, segment)) return { found: false };
  return { found: true, value: (container as Record<string, unknown>)[segment] };
}

/** The value at a dot path, if every segment exists. */
export function readDotPath(body: unknown, valuePath: string): { found: boolean; value?: unknown } {
  const segments = valuePath === '' ? [] : valuePath.split('.');
  let current: { found: boolean; value?: unknown } = { found: true, value: body };
  for (const segment of segments) {
    if (segment === '' || !current.found) return { found: false };
    current = readSegment(current.value, segment);
  }
  return current;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && PLAIN_DECIMAL.test(value.trim())) return Number(value.trim());
  return undefined;
}

/**
 * The number at `valuePath` (dot path, e.g. `data.items.0.count`; an empty path means the whole
 * body) or a `parse` failure saying why. `where` is the redacted URL (see `describeUrl`).
 */
export function extractValue(body: unknown, valuePath: string, where: string): MetricResult {
  const segments = valuePath === '' ? [] : valuePath.split('.');
  if (segments.includes('')) return failParse(where, `invalid value path "${valuePath}"`);
  let current = body;
  for (const segment of segments) {
    const next = readSegment(current, segment);
    if (!next.found) return failParse(where, `no field at "${valuePath}"`);
    current = next.value;
  }
  const at = `value at "${valuePath}"`;
  const value = toNumber(current);
  if (value === undefined)
    return failParse(where, `${at} is not a number (${describeType(current)})`);
  if (!Number.isFinite(value)) return failParse(where, `${at} is not a finite number`);
  if (value < 0) return failParse(where, `${at} is negative`);
  return { ok: true, value: value === 0 ? 0 : value };
}

/**
 * JSON-parses a response body. A body declared as HTML is refused without parsing (a login page or
 * proxy error page is never a metric); any other content type is accepted if the text is JSON,
 * since many metric endpoints send JSON as `text/plain` or without a content type.
 */
export function parseBody(
  text: string,
  contentType: string | undefined,
  where: string,
): BodyResult {
  const notJson = failParse(where, 'response is not JSON');
  if (contentType !== undefined && HTML_TYPES.test(contentType)) return notJson;
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    return notJson;
  }
}
