import { FUNC_MISSING, findFunc } from '../../scripts/funcBinary.js';

const PKG = '/p/node_modules/azure-functions-core-tools';
// node_modules/.bin/func (npm run puts it on PATH) is a symlink to the package's wrapper
const LINKS: Record<string, string> = { '/p/node_modules/.bin/func': `${PKG}/lib/main.js` };

describe('findFunc (npm start)', () => {
  it.each([
    ['nothing installed', '/p/node_modules/.bin:/usr/bin', [], undefined],
    ['only the wrapper on PATH', '/p/node_modules/.bin', ['/p/node_modules/.bin/func'], undefined],
    [
      'global func after the wrapper',
      '/p/node_modules/.bin:/usr/local/bin',
      ['/p/node_modules/.bin/func', '/usr/local/bin/func'],
      '/usr/local/bin/func',
    ],
    ['the package downloaded it', '/usr/bin', [`${PKG}/bin/func`], `${PKG}/bin/func`],
    [
      'PATH first, then the package',
      '/opt/func',
      ['/opt/func/func', `${PKG}/bin/func`],
      '/opt/func/func',
    ],
    ['empty PATH entries ignored', '::', [`${PKG}/bin/func`], `${PKG}/bin/func`],
    ['no PATH', undefined, [], undefined],
  ] as const)('%s', (_n, path, present, expected) => {
    const found = findFunc({
      path,
      packageDir: PKG,
      isExecutable: (f) => (present as readonly string[]).includes(f),
      realpath: (f) => LINKS[f] ?? f,
    });
    expect(found).toBe(expected);
  });

  it('the message names the cause, the install and the CLI meanwhile', () => {
    expect(FUNC_MISSING).toContain('Azure Functions Core Tools binary (func) is not installed');
    expect(FUNC_MISSING).toContain('npm i -g azure-functions-core-tools@4');
    expect(FUNC_MISSING).toContain('npx business-scaler reconcile --dry-run');
  });
});
