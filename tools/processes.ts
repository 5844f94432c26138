/**
 * Child processes of the test control plane: each in its own process group, stopped by
 * `stopProcesses`, and never leaked: a tiny shell watchdog per process kills it (and removes
 * the temp dir) within a second of the Jest process going away, however it ends. (A
 * `process.on('exit')` hook cannot do this: inside a test, `process` is Jest's sandboxed
 * copy, whose 'exit' never fires.)
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';

// $1 = Jest's pid, $2 = the child's pid (= its process group), $3 = the temp dir.
const WATCHDOG = `while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done
if ! kill -0 "$1" 2>/dev/null; then kill -9 "-$2" 2>/dev/null; rm -rf "$3"; fi`;

export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

const isArgs = (f: Record<string, string> | readonly string[]): f is readonly string[] =>
  Array.isArray(f);

export const isDead = (p: ChildProcess): boolean =>
  p.pid === undefined || p.exitCode !== null || p.signalCode !== null;

/**
 * Runs `<bin>/<name> --k=v…` (or `<bin>/<name> args…` given an array) detached (own process
 * group), output to `<dir>/<name>.log`.
 */
export function startProcess(
  bin: string,
  name: string,
  dir: string,
  flags: Record<string, string> | readonly string[],
): ChildProcess {
  const log = openSync(path.join(dir, `${name}.log`), 'a');
  const args = isArgs(flags) ? [...flags] : Object.entries(flags).map(([k, v]) => `--${k}=${v}`);
  const child = spawn(path.join(bin, name), args, { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.on('error', () => undefined); // spawn failure: pid stays undefined, see isDead
  child.unref();
  if (child.pid !== undefined) {
    const ids = [String(process.pid), String(child.pid), dir];
    const dog = spawn('sh', ['-c', WATCHDOG, 'watchdog', ...ids], {
      detached: true,
      stdio: 'ignore',
    });
    dog.on('error', () => undefined);
    dog.unref();
  }
  return child;
}

/** SIGTERM to each process group, SIGKILL after 5 s; then removes `dir`. */
export async function stopProcesses(procs: readonly ChildProcess[], dir: string): Promise<void> {
  await Promise.all(
    [...procs].reverse().map(async (child) => {
      if (!isDead(child)) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        killGroup(child, 'SIGTERM');
        const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
    }),
  );
  rmSync(dir, { recursive: true, force: true });
}

/** `n` distinct ports that were free a moment ago on 127.0.0.1. */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, async () => {
      const server = net.createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
      return server;
    }),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** HTTP status of an authenticated GET, 0 when the connection fails. */
export function httpsStatus(url: string, ca: Buffer, token: string): Promise<number> {
  return new Promise((resolve) => {
    const headers = { Authorization: `Bearer ${token}` };
    const req = https.get(url, { ca, headers, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2_000, () => req.destroy());
  });
}

/** The end of `<dir>/<name>.log`, for start-up failures. */
export function logTail(dir: string, name: string): string {
  const file = path.join(dir, `${name}.log`);
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').slice(-1500);
}

let ticksPerSecond: number | undefined;

/** `getconf CLK_TCK` (the unit of /proc/<pid>/stat times), 100 when it cannot be asked. */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/**
 * CPU ms (user + system) used so far by each live process, keyed by executable name;
 * `undefined` without /proc. Fields 14 and 15 of /proc/<pid>/stat, counted after the `)`
 * that ends the command name (which may itself contain spaces).
 */
export function processCpuMs(procs: readonly ChildProcess[]): Record<string, number> | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const out: Record<string, number> = {};
  for (const p of procs) {
    if (p.pid === undefined || isDead(p)) continue;
    try {
      const stat = readFileSync(`/proc/${p.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      out[path.basename(p.spawnfile)] = Math.round((ticks * 1000) / clockTicks());
    } catch {
      // exited between the check and the read
    }
  }
  return out;
}

/** Polls `ok` until it answers 200, failing at once with its log tail when a process died (60 s at most). */
export async function waitFor(procs: ChildProcess[], dir: string, ok: () => Promise<number>) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const dead = procs.find(isDead);
    if (dead) {
      const name = path.basename(dead.spawnfile);
      throw new Error(
        `${name} exited (${dead.exitCode ?? dead.signalCode}): ${logTail(dir, name)}`,
      );
    }
    if ((await ok()) === 200) return;
    if (Date.now() > deadline) {
      throw new Error(`control plane not ready after 60 s: ${logTail(dir, 'kube-apiserver')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
