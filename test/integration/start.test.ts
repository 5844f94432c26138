/**
 * `npm start` as a user runs it: without the Core Tools binary one clear message and exit 1
 * (not the package installer's `chalk.red is not a function`); with a `func` on PATH, `func start`
 * with the extra arguments and its exit code.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const packaged = join('node_modules', 'azure-functions-core-tools', 'bin', 'func');
const path = process.env.PATH ?? '';
/** The test machine may have the binary; then the message path cannot be shown. */
const installed =
  existsSync(packaged) ||
  path
    .split(delimiter)
    .some(
      (d) => d !== '' && existsSync(join(d, 'func')) && !d.endsWith(join('node_modules', '.bin')),
    );

function npmStart(searchPath: string, ...args: string[]) {
  // Built once in beforeAll; --ignore-scripts skips the prestart build, not start itself.
  return spawnSync('npm', ['start', '--ignore-scripts', '--', ...args], {
    encoding: 'utf8',
    env: { ...process.env, PATH: searchPath },
  });
}

describe('npm start', () => {
  let dir: string;
  beforeAll(() => {
    execFileSync('npm', ['run', '-s', 'build'], { stdio: 'ignore' });
    dir = mkdtempSync(join(tmpdir(), 'fake-func-'));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  (installed ? it.skip : it)('without the binary: says so, exit 1', () => {
    const r = npmStart(path);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('the Azure Functions Core Tools binary (func) is not installed');
    expect(r.stderr).toContain('npm i -g azure-functions-core-tools@4');
    expect(r.stderr).toContain('npx business-scaler reconcile --dry-run');
    expect(r.stderr + r.stdout).not.toContain('chalk');
    expect(r.stdout).not.toContain('first-time setup');
  });

  it('with a func on PATH: runs `func start <args>` and hands back its exit code', () => {
    const out = join(dir, 'args');
    writeFileSync(join(dir, 'func'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${out}'\nexit 7\n`);
    chmodSync(join(dir, 'func'), 0o755);
    const r = npmStart(`${dir}${delimiter}${path}`, '--port', '7072');
    expect(r.status).toBe(7);
    expect(readFileSync(out, 'utf8')).toBe('start\n--port\n7072\n');
  });
});
