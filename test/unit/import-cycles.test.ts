/** The import-cycle check of `npm run lint` (tools/lint/cycles.ts): it finds cycles, and there are none. */
import { findCycles, importGraph, importsOf } from '../../tools/lint/cycles.js';

describe('import cycles', () => {
  it.each([
    ['none', { a: ['b'], b: ['c'], c: [] }, []],
    ['two modules', { a: ['b'], b: ['a'], c: ['a'] }, [['a', 'b']]],
    ['three, through a type import', { a: ['b'], b: ['c'], c: ['a'] }, [['a', 'b', 'c']]],
    ['a module importing itself', { a: ['a'] }, [['a']]],
    [
      'two separate cycles',
      { a: ['b'], b: ['a'], c: ['d'], d: ['c'] },
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
  ])('%s', (_name, edges, expected) => {
    const graph = new Map(Object.entries(edges));
    expect(findCycles(graph).sort()).toEqual(expected);
  });

  it('reads import, import type, export … from, side-effect and dynamic imports', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../b/b.js';",
      "export { c } from './c.js';",
      "import './d.js';",
      "const e = await import('./e.js');",
      "import { readFileSync } from 'node:fs';",
    ].join('\n');
    expect(importsOf('lib/x/y.ts', source)).toEqual([
      'lib/x/a.ts',
      'lib/b/b.ts',
      'lib/x/c.ts',
      'lib/x/d.ts',
      'lib/x/e.ts',
    ]);
  });

  it('the project has none', () => {
    expect(findCycles(importGraph(process.cwd()))).toEqual([]);
  });
});
