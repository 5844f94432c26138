/**
 * YAML and XML metric bodies → the same plain values JSON gives, so `valuePath` (dot path or
 * JSONPath) works alike for every format. Pure; messages never quote the body.
 *
 * YAML: the `yaml` package, core schema (plain scalars: strings, numbers, booleans, null), no
 * custom tags (an unknown tag such as `!!js/function` refuses the body), one document, and at
 * most `MAX_ALIASES` alias expansions, so an alias bomb ("billion laughs") is refused. Duplicate
 * keys are found by a linear walk (yamlKeys.ts), not by the package's quadratic `uniqueKeys`.
 * `logLevel: 'silent'`: the package would otherwise print warnings quoting the body (a collection
 * used as a key) through `process.emitWarning`; nothing it reads may reach a log.
 *
 * XML: fast-xml-parser with entity processing off (`&x;` stays text, nothing is expanded) and any
 * DOCTYPE or ENTITY declaration refused before parsing: neither an entity-expansion bomb nor an
 * external entity (XXE) can be written. Elements become keys, attributes `@name`, the text of an
 * element with attributes `#text`; a repeated element becomes a list. Values stay strings and go
 * through the same number rules as JSON strings (`"42"` yes, `"1e3"` no). At most
 * `MAX_XML_DEPTH` nested elements.
 *
 * Both: at most `MAX_DOCUMENT_CHARS` characters (budgets.ts), refused before parsing.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { MAX_ALIASES, MAX_DOCUMENT_CHARS, MAX_XML_DEPTH } from './budgets.js';
import type { BodyResult } from './types.js';
import { composeYamlDocument, type YamlWork } from './yamlCompose.js';
import { findKeyProblem } from './yamlKeys.js';

export { MAX_ALIASES, MAX_XML_DEPTH };

const failParse = (
  where: string,
  reason: string,
  kind: 'parse' | 'too-large' = 'parse',
): BodyResult => ({
  ok: false,
  kind,
  message: `${where}: ${reason}`,
});

const tooLong = (where: string, format: string) =>
  failParse(where, `${format} body over ${MAX_DOCUMENT_CHARS} characters (budget)`, 'too-large');

export const YAML_OPTIONS = {
  schema: 'core',
  customTags: [],
  merge: false,
  uniqueKeys: false,
  prettyErrors: false,
  logLevel: 'silent',
} as const;

/** `work` counts the mapping keys checked and the problems the composer reported. */
export function parseYamlBody(
  text: string,
  where: string,
  work: YamlWork = { keys: 0, problems: 0 },
): BodyResult {
  if (text.length > MAX_DOCUMENT_CHARS) return tooLong(where, 'YAML');
  try {
    const doc = composeYamlDocument(text, YAML_OPTIONS, work);
    if (typeof doc === 'string') return failParse(where, doc);
    const keys = findKeyProblem(doc, work);
    if (keys !== undefined) return failParse(where, keys);
    return { ok: true, body: doc.toJS({ maxAliasCount: MAX_ALIASES }) as unknown };
  } catch (err) {
    // toJS throws a ReferenceError past maxAliasCount: the alias bomb.
    const aliases = err instanceof ReferenceError;
    return failParse(
      where,
      aliases ? `more than ${MAX_ALIASES} YAML aliases` : 'response is not YAML',
    );
  }
}

const DECLARATIONS = /<!\s*(DOCTYPE|ENTITY)/i;

const xml = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // fast-xml-parser refuses a tag when more than maxNestedTags tags are open around it, which
  // lets maxNestedTags + 1 levels through; test/unit/hostile-parsers.test.ts pins 64 ok, 65 not.
  maxNestedTags: MAX_XML_DEPTH - 1,
});

export function parseXmlBody(text: string, where: string): BodyResult {
  if (text.length > MAX_DOCUMENT_CHARS) return tooLong(where, 'XML');
  if (DECLARATIONS.test(text)) return failParse(where, 'XML with a DOCTYPE or ENTITY is refused');
  try {
    if (XMLValidator.validate(text) !== true) return failParse(where, 'response is not XML');
    return { ok: true, body: xml.parse(text) as unknown };
  } catch {
    return failParse(where, 'response is not XML');
  }
}
