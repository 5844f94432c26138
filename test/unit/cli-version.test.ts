import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHeartbeat } from '../../lib/cli/heartbeat.js';
import { formatVersion, VERSION } from '../../lib/cli/version.js';

describe('--version', () => {
  it('is package.json version, with the Node.js that runs it', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    expect(formatVersion('22.1.0')).toBe(`business-scaler ${pkg.version} (node 22.1.0)`);
  });
});

describe('heartbeat file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'beat-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the time on every beat', () => {
    const file = path.join(dir, 'beat');
    const beat = createHeartbeat(file, () => undefined);
    beat();
    expect(Date.parse(readFileSync(file, 'utf8').trim())).not.toBeNaN();
    expect(statSync(file).isFile()).toBe(true);
  });

  it('reports a failing write once, then its recovery', () => {
    const warnings: string[] = [];
    const file = path.join(dir, 'missing', 'beat');
    const beat = createHeartbeat(file, (l) => warnings.push(l));
    beat();
    beat();
    mkdirSync(path.dirname(file));
    beat();
    expect(warnings).toEqual([
      `cannot write heartbeat file ${file} (ENOENT): the liveness probe will fail`,
      `heartbeat file ${file} written again`,
    ]);
  });

  it('does nothing without a path', () => {
    expect(() => createHeartbeat(undefined, () => undefined)()).not.toThrow();
  });
});
