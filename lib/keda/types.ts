/**
 * `from-keda`: a KEDA ScaledObject (and its TriggerAuthentications) read from YAML, turned into
 * the equivalent full-form BusinessScaling, with one note per line that could not be carried over.
 */

/** Keys and indexes from a document's root, e.g. `['spec', 'triggers', 0, 'metadata', 'url']`. */
export type Path = readonly (string | number)[];

/**
 * `dropped`: KEDA acted on this and the output does not (the exit code says so);
 * `info`: carried over with a difference worth knowing, or without effect in KEDA either.
 */
export type Severity = 'dropped' | 'info';

export interface Note {
  /** 1-based line of the key (or item) in the input file. */
  readonly line: number;
  /** Where in the KEDA object, e.g. `spec.triggers[0].metadata.unsafeSsl`. */
  readonly field: string;
  readonly severity: Severity;
  /** Why; never a value read from the file (it may be a credential). */
  readonly message: string;
}

/** One YAML document of the input with its lines. */
export interface SourceDoc {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** The whole document as plain data. */
  readonly value: Readonly<Record<string, unknown>>;
  /** The line of the key or item at `path` (the deepest one that exists). */
  lineOf(path: Path): number;
}

export interface ConvertOptions {
  /** Namespace of a ScaledObject that names none (kubectl's default). Default "default". */
  readonly namespace?: string;
  /** Add `mode: Observe`, to run the result beside the ScaledObject first. */
  readonly observe?: boolean;
}

export interface Conversion {
  /** One BusinessScaling per ScaledObject, in input order. */
  readonly resources: readonly Readonly<Record<string, unknown>>[];
  readonly notes: readonly Note[];
}
