/** The notes of one conversion, and where each output field came from (for the spec check). */
import type { Note, Path, Severity, SourceDoc } from './types.js';

/** `['spec', 'triggers', 0, 'name']` → `spec.triggers[0].name`. */
export function fieldOf(path: Path): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** Notes about one document of the input. */
export interface Scope {
  readonly doc: SourceDoc;
  drop(path: Path, message: string): void;
  info(path: Path, message: string): void;
  /** Records that output field `out` (e.g. `spec.formula.expression`) came from `path`. */
  from(out: string, path: Path): void;
  /** The scope of another document of the same input (same notebook). */
  other(doc: SourceDoc): Scope;
}

export class NoteBook {
  readonly notes: Note[] = [];
  /** Output field → line of its source. */
  readonly origins = new Map<string, Note['line']>();

  scope(doc: SourceDoc): Scope {
    const add = (severity: Severity) => (path: Path, message: string) => {
      this.notes.push({ line: doc.lineOf(path), field: fieldOf(path), severity, message });
    };
    return {
      doc,
      drop: add('dropped'),
      info: add('info'),
      from: (out, path) => void this.origins.set(out, doc.lineOf(path)),
      other: (next) => this.scope(next),
    };
  }

  /** The line an output field came from: its own, or its closest recorded parent's. */
  originOf(out: string): number | undefined {
    for (let f = out; f.length > 0; f = f.replace(/(\.[^.[\]]*|\[\d+\])$/, '')) {
      const line = this.origins.get(f);
      if (line !== undefined) return line;
      if (!/[.[]/.test(f)) break;
    }
    return undefined;
  }

  sorted(): Note[] {
    return [...this.notes].sort((a, b) => a.line - b.line);
  }
}

/** `file:12: dropped: spec.pollingInterval: …` — one line per note, as a compiler would. */
export function formatNote(file: string, n: Note): string {
  return `${file}:${n.line}: ${n.severity === 'dropped' ? 'not carried over' : 'note'}: ${n.field}: ${n.message}`;
}
