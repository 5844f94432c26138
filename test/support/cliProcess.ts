/**
 * The CLI as its own process (for SIGKILL tests): bin/business-scaler.ts bundled once with
 * esbuild (dependencies stay external, resolved from node_modules), run with Node.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const OUT = path.resolve('node_modules/.cache/business-scaler-tests/cli.mjs');
let built: Promise<string> | undefined;

export function buildCli(): Promise<string> {
  built ??= (async () => {
    mkdirSync(path.dirname(OUT), { recursive: true });
    await build({
      entryPoints: ['bin/business-scaler.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: OUT,
      logLevel: 'silent',
    });
    return OUT;
  })();
  return built;
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
