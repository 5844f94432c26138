/**
 * One owner of what a BusinessScaling remembers: `node tools/lint/state.ts` (part of `npm run
 * lint`) fails when a module outside lib/state
 * - imports the wire types of `status` (lib/state/status.ts), or
 * - reads or writes `status` of a ScalingObject, or a field only the wire form has (a property
 *   declared in lib/state/status.ts), by `.x`, `['x']`, `{ x }` or an object literal typed so.
 * Everyone else works on `State` and its parts (lib/state/types.ts). Type-aware (the TypeScript checker), so a
 * `status` of anything else (a Scale, an HTTP answer, a condition) is not mistaken for it.
 */
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

const OWNER = 'lib/state/';
const WIRE = 'lib/state/status.ts';
const PORT = 'lib/kube/port.ts';
const ROOTS = ['lib/', 'functions/', 'bin/', 'scripts/', 'tools/', 'bench/'];

/** The few that may, and why. */
export const ALLOWED: Readonly<Record<string, string>> = {
  'lib/kube/port.ts': 'the port declares the wire type it carries (ScalingObject.status)',
  'lib/kube/restPort.ts': 'the REST adapter sends the patch lib/state made, unread',
  'lib/reconcile/listing.ts': 'keep() trims a listed object and carries its status whole, unread',
  'bench/statusPatch.ts': 'measures what a status write costs the API server: it sends statuses',
};

export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly what: string;
}

/** Where a property symbol is declared: `ScalingObject.status`, a status field, or neither. */
function ownedBy(sym: ts.Symbol | undefined, root: string): string | undefined {
  for (const d of sym?.declarations ?? []) {
    const file = relative(root, d.getSourceFile().fileName);
    if (file === WIRE) return `status field \`${sym!.name}\``;
    const parent = d.parent;
    if (
      file === PORT &&
      sym!.name === 'status' &&
      ts.isInterfaceDeclaration(parent) &&
      parent.name.text === 'ScalingObject'
    ) {
      return '`status` of a ScalingObject';
    }
  }
  return undefined;
}

function propertyOf(checker: ts.TypeChecker, type: ts.Type | undefined, name: string) {
  return type === undefined ? undefined : checker.getNonNullableType(type).getProperty(name);
}

function accessedSymbol(checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
  if (ts.isPropertyAccessExpression(node)) return checker.getSymbolAtLocation(node.name);
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) {
    const type = checker.getTypeAtLocation(node.expression);
    return propertyOf(checker, type, node.argumentExpression.text);
  }
  if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
    const key = node.propertyName ?? node.name;
    if (!ts.isIdentifier(key) && !ts.isStringLiteralLike(key)) return undefined;
    return propertyOf(checker, checker.getTypeAtLocation(node.parent), key.text);
  }
  if (
    (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) &&
    ts.isObjectLiteralExpression(node.parent) &&
    (ts.isIdentifier(node.name) || ts.isStringLiteralLike(node.name))
  ) {
    return propertyOf(checker, checker.getContextualType(node.parent), node.name.text);
  }
  return undefined;
}

function importsWire(file: ts.SourceFile, root: string): ts.Node | undefined {
  for (const s of file.statements) {
    if (!(ts.isImportDeclaration(s) || ts.isExportDeclaration(s))) continue;
    const spec = s.moduleSpecifier;
    if (spec === undefined || !ts.isStringLiteral(spec) || !spec.text.startsWith('.')) continue;
    const target = join(dirname(relative(root, file.fileName)), spec.text.replace(/\.js$/, '.ts'));
    if (target === WIRE) return s;
  }
  return undefined;
}

/** Every access to status outside lib/state in the project at `root` (its tsconfig.json). */
export function findStatusAccess(root: string): Finding[] {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const mine = (path: string) => ROOTS.some((r) => relative(root, path).startsWith(r));
  const program = ts.createProgram(parsed.fileNames.filter(mine), parsed.options);
  const checker = program.getTypeChecker();
  const out: Finding[] = [];
  for (const file of program.getSourceFiles()) {
    const path = relative(root, file.fileName);
    if (!ROOTS.some((r) => path.startsWith(r)) || path.startsWith(OWNER)) continue;
    if (path.endsWith('.d.ts') || path in ALLOWED) continue;
    const note = (node: ts.Node, what: string) => {
      const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
      out.push({ file: path, line: line + 1, what });
    };
    const wire = importsWire(file, root);
    if (wire !== undefined) note(wire, `imports ${WIRE}`);
    const visit = (node: ts.Node): void => {
      const what = ownedBy(accessedSymbol(checker, node), root);
      if (what !== undefined) note(node, `uses ${what}`);
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const found = findStatusAccess(process.cwd());
  for (const f of found) process.stderr.write(`${f.file}:${f.line}: ${f.what}\n`);
  if (found.length > 0) {
    process.stderr.write(
      `${found.length} use(s) of status outside lib/state: read and write it through State (lib/state)\n`,
    );
    process.exit(1);
  }
}
