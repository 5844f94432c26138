/**
 * YAML and XML metric bodies → the same plain values JSON gives, so `valuePath` (dot path or
 * JSONPath) works alike for every format. Pure; messages never quote the body.
 *
 * YAML: the `yaml` package, core schema (plain scalars: strings, numbers, booleans, null), no
 * custom tags (an unknown tag such as `!!js/function` refuses the body), one document, and at
 * most `MAX_ALIASES` alias expansions, so an alias bomb ("billion laughs") is refused.
 *
 * XML: fast-xml-parser with entity processing off (`&x;` stays text, nothing is expanded) and any
 * DOCTYPE or ENTITY declaration refused before parsing: neither an entity-expansion bomb nor an
 * external entity (XXE) can be written. Elements become keys, attributes `@name`, the text of an
 * element with attributes `#text`; a repeated element becomes a list. Values stay strings and go
 * through the same number rules as JSON strings (`"42"` yes, `"1e3"` no).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import YAML from 'yaml';
import type { BodyResult } from './types.js';

export const MAX_ALIASES = 16;
const MAX_XML_DEPTH = 64;

const failParse = (where: string, reason: string): BodyResult => ({
  ok: false,
  kind: 'parse',
  message: `${where}: ${reason}`,
});

export function parseYamlBody(text: string, where: string): BodyResult {
  try {
    const docs = YAML.parseAllDocuments(text, {
      schema: 'core',
      customTags: [],
      merge: false,
      uniqueKeys: true,
      prettyErrors: false,
    });
    if (!Array.isArray(docs) || docs.length !== 1) {
      return failParse(where, 'response is not one YAML document');
    }
    const doc = docs[0]!;
    if (doc.errors.length > 0) return failParse(where, 'response is not YAML');
    if (doc.warnings.some((w) => w.code === 'TAG_RESOLVE_FAILED')) {
      return failParse(where, 'YAML tags other than the core schema are refused');
    }
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
  maxNestedTags: MAX_XML_DEPTH,
});

export function parseXmlBody(text: string, where: string): BodyResult {
  if (DECLARATIONS.test(text)) return failParse(where, 'XML with a DOCTYPE or ENTITY is refused');
  try {
    if (XMLValidator.validate(text) !== true) return failParse(where, 'response is not XML');
    return { ok: true, body: xml.parse(text) as unknown };
  } catch {
    return failParse(where, 'response is not XML');
  }
}
