/**
 * Reads every YAML document of the input with its line numbers (yaml's LineCounter), so a note
 * can name the line of the key it is about. Bounded: the file size is checked by the caller and
 * aliases are capped, so reading is linear in the input.
 */
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { Path, SourceDoc } from './types.js';

const MAX_ALIASES = 16;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function keyOf(key: unknown): unknown {
  return isScalar(key) ? key.value : key;
}

function makeLineOf(doc: Document, lines: LineCounter): (path: Path) => number {
  const lineAt = (offset: number | undefined) =>
    offset === undefined ? 1 : lines.linePos(offset).line;
  return (path) => {
    let node: unknown = doc.contents;
    let line = lineAt((doc.contents as { range?: number[] } | null)?.range?.[0]);
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => keyOf(p.key) === segment);
        if (pair === undefined) break;
        line = lineAt((pair.key as { range?: number[] } | null)?.range?.[0]);
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as { range?: number[] } | undefined;
        if (item === undefined) break;
        line = lineAt(item.range?.[0]);
        node = item;
      } else break;
    }
    return line;
  };
}

/** The documents that are objects (others, e.g. empty ones, are skipped); errors throw. */
export function readDocuments(text: string): SourceDoc[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false });
  if (!Array.isArray(docs)) return []; // an empty stream
  const out: SourceDoc[] = [];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error !== undefined) {
      const line = error.linePos?.[0]?.line ?? 1;
      throw new Error(`line ${line}: not valid YAML (${error.code})`);
    }
    const value: unknown = doc.toJS({ maxAliasCount: MAX_ALIASES });
    if (!isRecord(value)) continue;
    const metadata = isRecord(value.metadata) ? value.metadata : {};
    out.push({
      kind: typeof value.kind === 'string' ? value.kind : '',
      name: typeof metadata.name === 'string' ? metadata.name : '',
      ...(typeof metadata.namespace === 'string' && { namespace: metadata.namespace }),
      value,
      lineOf: makeLineOf(doc, lines),
    });
  }
  return out;
}

export { isRecord };
