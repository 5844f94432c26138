/**
 * The image built as a user would (`podman build` of the context from scripts/imageContext.ts),
 * in a podman store of its own (storage driver vfs, under a temp dir: nothing shared with the
 * machine's images), then mounted and run with chroot: `podman run` cannot start a container in
 * this sandbox, while a mount namespace, bind mounts and chroot can show what a container would.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ENTRY_PATH, IMAGE_UID, NODE_PATH, writeImageContext } from '../../scripts/imageContext.js';

const run = promisify(execFile);

/** The in-cluster ServiceAccount mount path (@kubernetes/client-node reads the token there). */
export const SERVICEACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

const onPath = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

/** Why the image cannot be built and run here, or undefined. */
export function imageSkipReason(): string | undefined {
  if (process.platform !== 'linux') return 'image tests need Linux (chroot, mount namespaces)';
  if (!onPath('podman')) return 'podman not installed (apt-get install podman; .ci/run does)';
  if (process.getuid?.() !== 0) return 'chroot and bind mounts need root';
  const missing = ['unshare', 'chroot', 'mount'].filter((t) => !onPath(t));
  return missing.length > 0 ? `${missing.join(', ')} not installed (util-linux)` : undefined;
}

export interface BuiltImage {
  /** The image's root filesystem, mounted (read it; never write it). */
  readonly rootfs: string;
  /** `podman images` SIZE of the image, e.g. `133 MB`. */
  readonly size: string;
  remove(): Promise<void>;
}

export async function buildImage(root: string): Promise<BuiltImage> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'image-'));
  const store = ['--storage-driver', 'vfs', '--root', `${dir}/store`, '--runroot', `${dir}/run`];
  const podman = async (...args: string[]) =>
    (await run('podman', [...store, ...args], { maxBuffer: 16 << 20 })).stdout.trim();
  try {
    await writeImageContext(root, `${dir}/context`);
    await podman(
      'build',
      '--quiet',
      '--network',
      'none',
      '-t',
      'business-scaler:test',
      `${dir}/context`,
    );
    const size = await podman('images', '--format', '{{.Size}}', 'business-scaler:test');
    const rootfs = await podman('image', 'mount', 'business-scaler:test');
    const remove = async () => {
      await podman('image', 'unmount', 'business-scaler:test').catch(() => undefined);
      await podman('rmi', '-f', 'business-scaler:test').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    };
    return { rootfs, size, remove };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

export interface ChrootRun {
  readonly code: number | string;
  readonly stdout: string;
  readonly stderr: string;
}

export interface StartedEntrypoint {
  readonly child: ChildProcess;
  /** stderr so far. */
  readonly stderr: () => string;
  readonly exited: Promise<ChrootRun>;
}

/**
 * The image's entrypoint with `args`, as the container would run it: as user 65532, on the root
 * filesystem bind-mounted read-only, in a mount namespace of its own; `mounts` maps image paths
 * to host dirs bind-mounted there (e.g. SERVICEACCOUNT_DIR → a dir with token, ca.crt,
 * namespace); `env` is all the environment it gets; `command` replaces the entrypoint (e.g. the
 * liveness probe's). unshare and chroot exec, so the child's pid
 * is node's: a signal to it reaches node.
 */
export function startEntrypoint(
  image: BuiltImage,
  args: readonly string[],
  env: Record<string, string>,
  mounts: Record<string, string> = {},
  command?: readonly string[],
): StartedEntrypoint {
  const script = [
    'set -e',
    'r=$1; shift',
    'mount --bind "$r" "$r"',
    'mount -o remount,bind,ro "$r"',
    'while [ "$1" != -- ]; do mount --bind "$1" "$r$2"; shift 2; done; shift',
    `exec chroot --userspec=${IMAGE_UID}:${IMAGE_UID} "$r" "$@"`,
  ].join('\n');
  const binds = Object.entries(mounts).flatMap(([inImage, host]) => [host, inImage]);
  const argv = ['--mount', '--propagation', 'private', 'sh', '-c', script, 'sh', image.rootfs];
  argv.push(...binds, '--', ...(command ?? [NODE_PATH, ENTRY_PATH]), ...args);
  const child = spawn('unshare', argv, {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<ChrootRun>((resolve) =>
    child.once('close', (code, signal) =>
      resolve({ code: code ?? signal ?? 'unknown', stdout, stderr }),
    ),
  );
  return { child, stderr: () => stderr, exited };
}

/** `startEntrypoint` to its end. */
export function runEntrypoint(
  image: BuiltImage,
  args: readonly string[],
  env: Record<string, string>,
  mounts: Record<string, string> = {},
  command?: readonly string[],
): Promise<ChrootRun> {
  return startEntrypoint(image, args, env, mounts, command).exited;
}
