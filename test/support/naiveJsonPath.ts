/**
 * A reference for JSONPath selection: the obvious walk, node lists keyed by location and
 * de-duplicated by it. Exponential in the number of `..` steps: for small fuzzed bodies only.
 */
import type { Segment } from '../../lib/metrics/jsonpath.js';

interface Located {
  readonly at: string;
  readonly value: unknown;
}

function childrenOf({ at, value }: Located): Located[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).map(([k, v]) => ({ at: `${at}/${k}`, value: v as unknown }));
}

function descendantsOf(node: Located): Located[] {
  return [node, ...childrenOf(node).flatMap(descendantsOf)];
}

function pick(node: Located, seg: Segment): Located[] {
  const kids = childrenOf(node);
  if (seg.kind === 'wildcard') return kids;
  if (seg.kind === 'index') {
    if (!Array.isArray(node.value)) return [];
    const i = seg.index < 0 ? node.value.length + seg.index : seg.index;
    return kids.filter((k) => k.at === `${node.at}/${i}`);
  }
  if (Array.isArray(node.value)) return [];
  return kids.filter((k) => k.at === `${node.at}/${seg.name}`);
}

const unique = (nodes: Located[]) => [...new Map(nodes.map((n) => [n.at, n])).values()];

export function selectNaively(body: unknown, segments: readonly Segment[]): unknown[] {
  let nodes: Located[] = [{ at: '', value: body }];
  for (const seg of segments) {
    const from = seg.deep ? unique(nodes.flatMap(descendantsOf)) : nodes;
    nodes = unique(from.flatMap((n) => pick(n, seg)));
  }
  return nodes.map((n) => n.value);
}
