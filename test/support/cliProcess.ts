/**
 * The CLI as its own process (for SIGKILL tests): bin/business-scaler.ts bundled once with
 * esbuild (dependencies stay external, resolved from node_modules), run with Node.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { bundleOnce } from './builders/bundle.js';

export function buildCli(): Promise<string> {
  return bundleOnce('bin/business-scaler.ts', 'cli.mjs');
}

export interface CliRun {
  readonly child: ChildProcess;
  /** Exit code, or the signal's name. */
  readonly exited: Promise<number | string>;
  readonly stderr: () => string;
}

export async function startCli(
  args: readonly string[],
  env: Record<string, string>,
): Promise<CliRun> {
  const file = await buildCli();
  const child = spawn(process.execPath, [file, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return { child, exited, stderr: () => err };
}
