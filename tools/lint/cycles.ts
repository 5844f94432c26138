/**
 * Import cycles among the project's own modules: `node tools/lint/cycles.ts` (part of `npm run
 * lint`) lists each cycle and exits 1. Type-only imports count too: a cycle of types still ties
 * two modules so that neither can be read, moved or tested without the other. Only `node:`
 * imports, so Node runs it straight from the source.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const ROOTS = ['lib', 'functions', 'bin', 'scripts', 'tools', 'bench'];

/** Every `.ts` file under the roots (no declaration files), as a path from the repository root. */
function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) out.push(relative(root, path));
    }
  };
  for (const top of ROOTS) {
    try {
      walk(join(root, top));
    } catch {
      // a root that does not exist has no modules
    }
  }
  return out.sort();
}

/** The relative modules a source imports or re-exports, as paths like its own. */
export function importsOf(path: string, source: string): string[] {
  const specifiers = [
    ...source.matchAll(/^\s*(?:import|export)\b[^'";]*?\bfrom\s*['"](\.[^'"]+)['"]/gm),
    ...source.matchAll(/^\s*import\s*['"](\.[^'"]+)['"]/gm),
    ...source.matchAll(/\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
  return specifiers.map((s) => normalize(join(dirname(path), s.replace(/\.js$/, '.ts'))));
}

/** Strongly connected components of more than one module (Tarjan), each sorted. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

/** The import graph of the repository at `root`. */
export function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const path of sourceFiles(root)) {
    graph.set(path, importsOf(path, readFileSync(join(root, path), 'utf8')));
  }
  return graph;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const cycles = findCycles(importGraph(process.cwd()));
  for (const c of cycles) process.stderr.write(`import cycle: ${c.join(' ↔ ')}\n`);
  if (cycles.length > 0) {
    process.stderr.write(
      `${cycles.length} import cycle(s): move what both sides need into a module of its own\n`,
    );
    process.exit(1);
  }
}
