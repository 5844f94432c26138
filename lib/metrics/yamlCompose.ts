/**
 * One YAML document from a body, stopping at the first error. `YAML.parseAllDocuments` builds
 * an Error (with a stack trace) for every problem it finds and goes on: a 1 MiB body of broken
 * YAML yields hundreds of thousands of them, seconds of CPU. Here the CST tokens and the
 * composer's error callback stop the parse at the first error, the first refused tag or the
 * second document, so a hostile body costs one pass of the lexer at most.
 */
import { Composer, Parser, type Document, type DocumentOptions, type ParseOptions } from 'yaml';

/** How parsing stopped early: a reason for the metric's message. */
class Stop extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

type OnError = (source: unknown, code: string, message: string, warning?: boolean) => void;

export interface YamlWork {
  /** Mapping keys checked for duplicates (yamlKeys.ts). */
  keys: number;
  /** Errors and warnings the composer reported before parsing stopped. */
  problems: number;
}

function* untilError(tokens: Generator<{ type: string }>): Generator<{ type: string }> {
  for (const token of tokens) {
    if (token.type === 'error') throw new Stop('response is not YAML');
    yield token;
  }
}

/** The only document of `text`, or why not (never the text itself). */
export function composeYamlDocument(
  text: string,
  options: ParseOptions & DocumentOptions,
  work: YamlWork,
): Document | string {
  const composer = new Composer(options);
  // The composer catches a throw inside a node and reports it again (RESOURCE_EXHAUSTION):
  // the first reason is the one kept.
  let first: Stop | undefined;
  const onError: OnError = (_source, code, _message, warning) => {
    work.problems++;
    if (code === 'TAG_RESOLVE_FAILED') {
      first ??= new Stop('YAML tags other than the core schema are refused');
    } else if (warning !== true) first ??= new Stop('response is not YAML');
    if (first !== undefined) throw first;
  };
  // The composer reports every problem through this field (private in its typings).
  (composer as unknown as { onError: OnError }).onError = onError;
  const docs: Document[] = [];
  try {
    const tokens = untilError(new Parser().parse(text));
    for (const doc of composer.compose(tokens as Parameters<Composer['compose']>[0])) {
      docs.push(doc);
      if (docs.length > 1) return 'response is not one YAML document';
    }
  } catch (err) {
    if (err instanceof Stop) return err.reason;
    throw err;
  }
  if (docs.length !== 1) return 'response is not one YAML document';
  const doc = docs[0]!;
  return doc.errors.length > 0 ? 'response is not YAML' : doc;
}
