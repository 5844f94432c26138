/**
 * Runs test/support/hostileCases.ts in its own Node process with the reconciler's heap flags
 * (WORKER_NODE_ARGUMENTS: `--max-old-space-size=256`), so a parser that would exhaust the heap
 * kills that child, not Jest, and whatever a library prints reaches the child's stderr, where a
 * test can see it. Bundled once with esbuild (dependencies stay external).
 */
import { execFile } from 'node:child_process';
import { bundleOnce } from './builders/bundle.js';
import { WORKER_NODE_ARGUMENTS } from '../../bench/nodeArguments.js';

function buildCases(): Promise<string> {
  return bundleOnce('test/support/hostileCases.ts', 'hostile-cases.mjs');
}

export interface ChildOutcome {
  /** Exit code (134 when V8 ran out of heap), or the signal's name. */
  readonly exit: number | string;
  /** What the case printed: its result as JSON. */
  readonly result: unknown;
  readonly stderr: string;
}

/** Runs one named case of hostileCases.ts under the worker's heap flags. */
export async function runHostileCase(name: string): Promise<ChildOutcome> {
  const file = await buildCases();
  const args = [...WORKER_NODE_ARGUMENTS.split(' '), file, name];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      const exit = err === null ? 0 : typeof err.code === 'number' ? err.code : (err.signal ?? -1);
      let result: unknown;
      try {
        result = JSON.parse(stdout) as unknown;
      } catch {
        result = undefined;
      }
      resolve({ exit, result, stderr });
    });
  });
}
