/**
 * A small, closed subset of JSONPath (RFC 9535) that selects values and never evaluates anything:
 *
 *   $                 the whole body          $.a.b, $['a-b'], $["a"]   child by name
 *   $.items[0]        element (negative: from the end)                 $.items[*], $.a.*   wildcard
 *   $..count          every `count` below (recursive descent)
 *
 * Filter (`[?…]`) and script (`(…)`) expressions are refused at parse time: JSONPath libraries
 * that evaluate them have had code-execution CVEs (jsonpath-plus CVE-2024-21534, CVE-2025-1302),
 * and a metric source written by any resource author must not reach an evaluator. Only own
 * properties are read (no `constructor`, `__proto__`, `length`).
 */

export type Segment =
  | { readonly kind: 'name'; readonly name: string; readonly deep: boolean }
  | { readonly kind: 'index'; readonly index: number; readonly deep: boolean }
  | { readonly kind: 'wildcard'; readonly deep: boolean };

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*/;
const QUOTED = /^\[\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*\]/;
const INDEX = /^\[\s*(-?\d{1,9})\s*\]/;
const WILDCARD = /^(\[\s*\*\s*\]|\*)/;

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

/** The segments of `path`, or a reason (without the path) why it is not in the subset. */
export function parseJsonPath(path: string): Segment[] | string {
  if (!path.startsWith('$')) return 'must start with $';
  const segments: Segment[] = [];
  let rest = path.slice(1);
  while (rest !== '') {
    const deep = rest.startsWith('..');
    if (deep) rest = rest.slice(2);
    else if (rest.startsWith('.')) rest = rest.slice(1);
    else if (!rest.startsWith('[')) return 'expected . or [';
    if (rest.startsWith('[?') || rest.startsWith('[(')) {
      return 'filter and script expressions are not supported';
    }
    let m: RegExpExecArray | null;
    if ((m = WILDCARD.exec(rest))) segments.push({ kind: 'wildcard', deep });
    else if ((m = INDEX.exec(rest))) segments.push({ kind: 'index', index: Number(m[1]), deep });
    else if ((m = QUOTED.exec(rest)))
      segments.push({ kind: 'name', name: unescape(m[1] ?? m[2] ?? ''), deep });
    else if (!rest.startsWith('[') && (m = NAME.exec(rest)))
      segments.push({ kind: 'name', name: m[0], deep });
    else return "unsupported syntax (supported: .name, ['name'], [n], [*], .*, ..name)";
    rest = rest.slice(m[0].length);
  }
  return segments;
}

function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value as unknown[];
  if (typeof value === 'object' && value !== null) return Object.values(value);
  return [];
}

function selectOne(value: unknown, seg: Segment): unknown[] {
  if (seg.kind === 'wildcard') return children(value);
  if (seg.kind === 'index') {
    if (!Array.isArray(value)) return [];
    const i = seg.index < 0 ? value.length + seg.index : seg.index;
    return i >= 0 && i < value.length ? [value[i] as unknown] : [];
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.hasOwn(value, seg.name) ? [(value as Record<string, unknown>)[seg.name]] : [];
}

/**
 * The value and all values below it, in document order (for `..`). Iterative: a deeply nested
 * body must not overflow the stack. Bounded by the body size cap.
 */
function descendants(value: unknown): unknown[] {
  const out: unknown[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    out.push(next);
    stack.push(...children(next).reverse());
  }
  return out;
}

/** Every value `segments` selects in `body`, in document order. */
export function selectJsonPath(body: unknown, segments: readonly Segment[]): unknown[] {
  let nodes: unknown[] = [body];
  for (const seg of segments) {
    const from = seg.deep ? nodes.flatMap(descendants) : nodes;
    nodes = from.flatMap((n) => selectOne(n, seg));
  }
  return nodes;
}
