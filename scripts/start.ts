/**
 * `npm start`: `func start` with the Azure Functions Core Tools binary when it is installed;
 * otherwise one clear message (what is missing, how to install it, the CLI meanwhile) and exit 1.
 * Extra arguments go to `func start`; SIGINT/SIGTERM are passed on and the exit code handed back.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FUNC_MISSING, findFunc } from './funcBinary.js';

// dist/scripts/start.js → the project root
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const func = findFunc({
  path: process.env.PATH,
  packageDir: join(root, 'node_modules', 'azure-functions-core-tools'),
});
if (func === undefined) {
  process.stderr.write(FUNC_MISSING + '\n');
  process.exitCode = 1;
} else {
  const child = spawn(func, ['start', ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
  child.on('error', (err) => {
    process.stderr.write(`npm start: could not run ${func}: ${err.message}\n`);
    process.exitCode = 1;
  });
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal === null ? 1 : 128 + constants.signals[signal]);
  });
}
