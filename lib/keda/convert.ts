/**
 * `convertKeda`: YAML text in, one BusinessScaling per ScaledObject out, with notes. Pure. Each
 * result is checked by our own spec parser (`parseScaling`), so whatever it would reject — a
 * formula construct our language lacks, a name the formula uses that was not carried over — is a
 * note on the line it came from, in the parser's own words.
 */
import { stringify } from 'yaml';
import { parseScaling } from '../spec/parse.js';
import { NoteBook, type Scope } from './notes.js';
import { convertScaledObject } from './scaledObject.js';
import { readDocuments } from './source.js';
import type { Conversion, ConvertOptions } from './types.js';

/** Inputs above this are refused before parsing (bounded work). */
export const MAX_INPUT_BYTES = 1024 * 1024;

function checkResult(book: NoteBook, so: Scope, spec: unknown): void {
  const parsed = parseScaling(spec);
  if (parsed.ok) return;
  for (const e of parsed.errors) {
    book.notes.push({
      line: book.originOf(e.field) ?? so.doc.lineOf(['spec']),
      field: `BusinessScaling ${e.field}`,
      severity: 'dropped',
      message: `${e.message} (the result needs this fixed before it is valid)`,
    });
  }
}

export function convertKeda(text: string, opts: ConvertOptions = {}): Conversion {
  if (Buffer.byteLength(text, 'utf8') > MAX_INPUT_BYTES)
    throw new Error(`input is larger than ${MAX_INPUT_BYTES} bytes`);
  const docs = readDocuments(text);
  const book = new NoteBook();
  const resources: Record<string, unknown>[] = [];
  for (const doc of docs) {
    if (doc.kind === 'ScaledJob')
      book.scope(doc).drop(['kind'], 'a ScaledJob runs Jobs; there is no equivalent here');
    if (doc.kind !== 'ScaledObject') continue;
    const so = book.scope(doc);
    const resource = convertScaledObject(so, docs, opts);
    checkResult(book, so, resource.spec);
    resources.push(resource);
  }
  return { resources, notes: book.sorted() };
}

/** The resources as one YAML stream, each headed by where it came from. */
export function renderResources(c: Conversion, from: string): string {
  return c.resources
    .map(
      (r) =>
        `# converted by business-scaler from-keda from ${from}\n${stringify(r, { lineWidth: 0 })}`,
    )
    .join('---\n');
}

export const hasDropped = (c: Conversion): boolean => c.notes.some((n) => n.severity === 'dropped');
