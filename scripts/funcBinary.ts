/**
 * Where `npm start` finds the Azure Functions Core Tools binary: a `func` on PATH (a global
 * install), else the one the azure-functions-core-tools package downloads into its `bin/`. The
 * package's own `func` wrapper (what `npm run` puts on PATH) is skipped: without the binary it
 * tries a download and, offline, dies with `chalk.red is not a function`, hiding the cause.
 */
import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface FuncLookup {
  /** PATH as the process sees it. */
  readonly path: string | undefined;
  /** The azure-functions-core-tools package directory (node_modules/azure-functions-core-tools). */
  readonly packageDir: string;
  readonly isExecutable?: (file: string) => boolean;
  readonly realpath?: (file: string) => string;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function safeRealpath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/** The `func` to run, or undefined when the binary is not installed. */
export function findFunc(l: FuncLookup): string | undefined {
  const isExec = l.isExecutable ?? executable;
  const real = l.realpath ?? safeRealpath;
  const name = process.platform === 'win32' ? 'func.exe' : 'func';
  const wrapper = real(join(l.packageDir, 'lib', 'main.js'));
  for (const dir of (l.path ?? '').split(delimiter)) {
    if (dir === '') continue;
    const file = join(dir, name);
    if (isExec(file) && real(file) !== wrapper) return file;
  }
  const packaged = join(l.packageDir, 'bin', name);
  return isExec(packaged) ? packaged : undefined;
}

export const FUNC_MISSING = [
  'npm start: the Azure Functions Core Tools binary (func) is not installed.',
  '  The azure-functions-core-tools package downloads it from Microsoft; that download was not',
  '  run (npm ci skips its install script, see allowScripts in package.json) or could not reach',
  '  the internet.',
  '  Install it where the internet is reachable, then run npm start again:',
  '    npm i -g azure-functions-core-tools@4',
  '    (or the official installers: https://learn.microsoft.com/azure/azure-functions/functions-run-local)',
  '    or, into this project: npm install-scripts approve azure-functions-core-tools',
  '                           npm rebuild azure-functions-core-tools',
  '  Meanwhile the handlers can be tried with the CLI, which runs the same code:',
  '    npx business-scaler reconcile --dry-run',
  '    npx business-scaler reconcile --every 30s',
].join('\n');
