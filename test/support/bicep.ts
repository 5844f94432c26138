/**
 * Bicep read offline with tree-sitter-bicep (WASM grammar) on web-tree-sitter: syntax errors,
 * and a few structural look-ups (resources by type, object properties, decorated params and
 * outputs) for tests on the parsed tree. No type checking: that needs the real Bicep CLI.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Parser from 'web-tree-sitter';

type Node = Parser.SyntaxNode;
export type { Node };

const require = createRequire(import.meta.url);
let parser: Parser | undefined;

export async function loadParser(): Promise<Parser> {
  if (parser) return parser;
  const runtimeWasm = require.resolve('web-tree-sitter/tree-sitter.wasm');
  await Parser.init({ locateFile: () => runtimeWasm });
  const bicep = await Parser.Language.load(
    require.resolve('tree-sitter-bicep/tree-sitter-bicep.wasm'),
  );
  parser = new Parser();
  parser.setLanguage(bicep);
  return parser;
}

export const parseBicep = (p: Parser, source: string): Node => p.parse(source).rootNode;
export const parseBicepFile = (p: Parser, file: string): Node =>
  parseBicep(p, readFileSync(file, 'utf8'));

/** `ERROR@line:col` / `MISSING x@line:col` for each syntax error. */
export function syntaxErrors(root: Node): string[] {
  const out: string[] = [];
  const walk = (n: Node) => {
    const at = `${n.startPosition.row + 1}:${n.startPosition.column + 1}`;
    if (n.type === 'ERROR') out.push(`ERROR@${at}`);
    else if (n.isMissing) out.push(`MISSING ${n.type}@${at}`);
    n.children.forEach(walk);
  };
  walk(root);
  return out;
}

const unquote = (n: Node | null | undefined) => n?.text.replace(/^'|'$/g, '');

export interface Resource {
  readonly symbol: string;
  /** e.g. `Microsoft.Web/sites@2024-04-01` */
  readonly type: string;
  readonly existing: boolean;
  /** The `{ … }` body (inside an `if` or a `for`, when there is one). */
  readonly body: Node | undefined;
}

export function resources(root: Node): Resource[] {
  return root.namedChildren
    .filter((n) => n.type === 'resource_declaration')
    .map((n) => ({
      symbol: n.namedChildren[0]?.text ?? '',
      type: unquote(n.namedChildren.find((c) => c.type === 'string')) ?? '',
      existing: n.children.some((c) => c.text === 'existing'),
      body: descendants(n).find((c) => c.type === 'object'),
    }));
}

export function descendants(n: Node): Node[] {
  return n.namedChildren.flatMap((c) => [c, ...descendants(c)]);
}

/** The value node of `a.b.c` in an object literal, or undefined. */
export function prop(obj: Node | undefined, dotted: string): Node | undefined {
  let current = obj;
  for (const key of dotted.split('.')) {
    const entry = current?.namedChildren.find(
      (c) => c.type === 'object_property' && unquote(c.namedChildren[0]) === key,
    );
    current = entry?.namedChildren.at(-1);
  }
  return current;
}

export const stringValue = (n: Node | undefined): string | undefined =>
  n?.type === 'string' ? unquote(n) : n?.text;

export interface Declaration {
  readonly kind: 'param' | 'output';
  readonly name: string;
  /** Names of its decorators, e.g. `description`, `secure`. */
  readonly decorators: string[];
  readonly node: Node;
}

/** Params and outputs with the decorators written above them. */
export function declarations(root: Node): Declaration[] {
  const out: Declaration[] = [];
  let pending: string[] = [];
  for (const n of root.namedChildren) {
    if (n.type === 'decorators') {
      pending = n.namedChildren.map(
        (d) => descendants(d).find((c) => c.type === 'identifier')?.text ?? '',
      );
      continue;
    }
    if (n.type === 'parameter_declaration' || n.type === 'output_declaration') {
      const kind = n.type === 'parameter_declaration' ? 'param' : 'output';
      out.push({ kind, name: n.namedChildren[0]?.text ?? '', decorators: pending, node: n });
    }
    if (n.type !== 'comment') pending = [];
  }
  return out;
}
