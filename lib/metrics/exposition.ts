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

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(,|(?=\}))/;
const LABEL = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/;

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

function parseLabels(text: string): Map<string, string> | undefined {
  const labels = new Map<string, string>();
  let rest = text;
  let m: RegExpExecArray | null;
  while ((m = LABEL.exec(rest))) {
    labels.set(m[1]!, unescape(m[2]!));
    rest = rest.slice(m[0].length);
  }
  return rest.trim() === '' ? labels : undefined;
}

function parseSampleValue(text: string): number | undefined {
  if (text === 'NaN') return Number.NaN;
  if (text === '+Inf' || text === '-Inf') return text === '+Inf' ? Infinity : -Infinity;
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : undefined;
}

function matches(selector: Selector, labels: ReadonlyMap<string, string>): boolean {
  return selector.matchers.every(({ label, op, value }) => {
    const actual = labels.get(label) ?? '';
    return op === '=' ? actual === value : actual !== value;
  });
}

/** Values of the samples `selector` matches, or a reason when a matching line is malformed. */
export function selectSamples(text: string, selector: Selector): number[] | string {
  const values: number[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const name = METRIC_NAME.exec(line)?.[0];
    if (name !== selector.name) continue;
    let rest = line.slice(name.length);
    let labels = new Map<string, string>();
    if (rest.startsWith('{')) {
      const end = rest.lastIndexOf('}');
      const parsed = end < 0 ? undefined : parseLabels(rest.slice(1, end));
      if (!parsed) return 'malformed labels in a matching sample';
      labels = parsed;
      rest = rest.slice(end + 1);
    } else if (!/^\s/.test(rest)) {
      continue; // a longer name with this one as prefix
    }
    const value = parseSampleValue(rest.trim().split(/\s+/)[0] ?? '');
    if (value === undefined) return 'malformed value in a matching sample';
    if (matches(selector, labels)) values.push(value);
  }
  return values;
}
