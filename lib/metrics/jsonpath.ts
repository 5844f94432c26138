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

import { MAX_JSONPATH_VISITS, MAX_SELECTED_VALUES } from './budgets.js';

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

function children(value: object): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : Object.values(value);
}

function pushSelected(value: object, seg: Segment, out: unknown[]): void {
  if (seg.kind === 'wildcard') {
    for (const child of children(value)) out.push(child);
  } else if (seg.kind === 'index') {
    if (!Array.isArray(value)) return;
    const i = seg.index < 0 ? value.length + seg.index : seg.index;
    if (i >= 0 && i < value.length) out.push(value[i] as unknown);
  } else if (!Array.isArray(value) && Object.hasOwn(value, seg.name)) {
    out.push((value as Record<string, unknown>)[seg.name]);
  }
}

/** What a selection found, with the work it took (nodes examined over all steps). */
export type Selection =
  | { readonly ok: true; readonly values: unknown[]; readonly visits: number }
  | { readonly ok: false; readonly reason: string; readonly visits: number };

export interface SelectBudget {
  readonly maxVisits: number;
  readonly maxValues: number;
}

const BUDGET: SelectBudget = { maxVisits: MAX_JSONPATH_VISITS, maxValues: MAX_SELECTED_VALUES };

/**
 * One step over `nodes`, in one traversal: each container is examined at most once per step (a
 * `..` step walks each subtree once however many of its ancestors were selected), so matches are
 * never duplicated and a step costs at most the nodes of the body plus its input. Iterative: a
 * deeply nested body cannot overflow the stack. Returns the visits used, or -1 over the budget.
 */
function selectStep(
  nodes: readonly unknown[],
  seg: Segment,
  out: unknown[],
  visits: number,
  budget: SelectBudget,
): number {
  const expanded = new Set<object>();
  const stack: unknown[] = [];
  for (let i = nodes.length - 1; i >= 0; i--) stack.push(nodes[i]);
  while (stack.length > 0) {
    const node = stack.pop();
    if (++visits > budget.maxVisits || out.length > budget.maxValues) return -1;
    if (typeof node !== 'object' || node === null || expanded.has(node)) continue;
    expanded.add(node);
    pushSelected(node, seg, out);
    if (!seg.deep) continue;
    const below = children(node);
    for (let i = below.length - 1; i >= 0; i--) stack.push(below[i]);
  }
  return out.length > budget.maxValues ? -1 : visits;
}

/**
 * Every value `segments` selects in `body` (for `..`, each node's selection in document order of
 * the nodes), or a reason when the selection would examine more than `maxVisits` nodes or produce
 * more than `maxValues` values. Linear in the body per step.
 */
export function selectJsonPath(
  body: unknown,
  segments: readonly Segment[],
  budget: SelectBudget = BUDGET,
): Selection {
  let nodes: unknown[] = [body];
  let visits = 0;
  for (const seg of segments) {
    const out: unknown[] = [];
    const used = selectStep(nodes, seg, out, visits, budget);
    if (used < 0) {
      const reason =
        out.length > budget.maxValues
          ? `selects more than ${budget.maxValues} values (budget)`
          : `examines more than ${budget.maxVisits} nodes (budget)`;
      return { ok: false, reason, visits: budget.maxVisits };
    }
    visits = used;
    nodes = out;
  }
  return { ok: true, values: nodes, visits };
}
