/**
 * The Prometheus text exposition format (version 0.0.4), reduced to what a metric needs: the
 * samples of the series a selector such as `orders_total{region="eu"}` matches. Pure.
 *
 * Selector: a metric name and optional `label="value"` / `label!="value"` matchers (no regex).
 * Sample lines are `name{labels} value [timestamp]`; comments and blank lines are skipped.
 */

export interface Selector {
  readonly name: string;
  readonly matchers: readonly {
    readonly label: string;
    readonly op: '=' | '!=';
    readonly value: string;
  }[];
}

import {
  isBlank,
  parseSampleValue,
  scanLabels,
  scanMetricName,
  scanValueToken,
  skipBlanks,
  withinBudget,
  type Cursor,
  type ScanWork,
} from './expositionScan.js';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(,|(?=\}))/;

const unescape = (v: string) => v.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));

/** Parses `name{a="b",c!="d"}`; a reason (never the text) when it is not one. */
export function parseSelector(text: string): Selector | string {
  const name = METRIC_NAME.exec(text)?.[0];
  if (name === undefined) return 'must start with a metric name';
  let rest = text.slice(name.length).trim();
  const matchers: Selector['matchers'][number][] = [];
  if (rest.startsWith('{')) {
    rest = rest.slice(1);
    let m: RegExpExecArray | null;
    while ((m = MATCHER.exec(rest))) {
      matchers.push({ label: m[1]!, op: m[2] as '=' | '!=', value: unescape(m[3]!) });
      rest = rest.slice(m[0].length);
    }
    if (!rest.trim().startsWith('}')) return 'labels must be label="value" or label!="value"';
    rest = rest.trim().slice(1).trim();
  }
  return rest === '' ? { name, matchers } : 'unexpected text after the selector';
}

function matches(selector: Selector, labels: ReadonlyMap<string, string>): boolean {
  return selector.matchers.every(({ label, op, value }) => {
    const actual = labels.get(label) ?? '';
    return op === '=' ? actual === value : actual !== value;
  });
}

/**
 * Values of the samples `selector` matches, or a reason when a matching line is malformed or the
 * scan is over its budget (then `work.overBudget` is set). Linear: each character is examined at
 * most twice (finding the line end, then scanning a matching line); `work.chars` counts them.
 */
export function selectSamples(
  text: string,
  selector: Selector,
  work: ScanWork = { chars: 0, overBudget: false },
): number[] | string {
  const values: number[] = [];
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    work.chars += end - pos + 1;
    if (!withinBudget(work, values.length)) return 'the body is over the scan budget';
    const start = pos;
    const c: Cursor = { text, pos, end };
    pos = end + 1;
    skipBlanks(c);
    const name = scanMetricName(c);
    if (name !== selector.name) continue; // a comment, a blank line or another series
    let labels = new Map<string, string>();
    if (c.pos < end && text.charCodeAt(c.pos) === 123) {
      const parsed = scanLabels(c);
      if (!parsed) return 'malformed labels in a matching sample';
      labels = parsed;
    } else if (c.pos < end && !isBlank(text.charCodeAt(c.pos))) {
      continue; // a longer name with this one as prefix
    }
    const value = parseSampleValue(scanValueToken(c));
    work.chars += c.pos - start;
    if (value === undefined) return 'malformed value in a matching sample';
    if (matches(selector, labels)) values.push(value);
  }
  return values;
}
