/**
 * The build context of the image (Containerfile at the project root), written to dist/image/:
 *   rootfs/usr/local/bin/node   the Node.js 22 binary of the `node` devDependency
 *   rootfs/lib…, rootfs/lib64…  the shared libraries it links, as `ldd` lists them
 *   rootfs/etc/…                passwd/group with the non-root user 65532, nsswitch.conf, CA bundle
 *   rootfs/app/                 bin/business-scaler.ts bundled by esbuild (nothing from node_modules)
 *   Containerfile               copied, so the folder builds on its own (podman or docker)
 *   node dist/scripts/imageContext.js [outDir]   (npm run image:context)
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { NODE_BUNDLE } from './nodeBundle.js';

export const IMAGE_DIR = 'dist/image';
/** The image's user: the distroless `nonroot` numbers, so file ownership reads the same. */
export const IMAGE_UID = 65532;
export const NODE_PATH = '/usr/local/bin/node';
export const ENTRY_PATH = '/app/business-scaler.mjs';
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const ETC = {
  passwd: `root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:${IMAGE_UID}:${IMAGE_UID}:nonroot:/home/nonroot:/sbin/nologin\n`,
  group: `root:x:0:\nnonroot:x:${IMAGE_UID}:\n`,
  // glibc ≥ 2.34 resolves files and dns itself; without this file it would try dns first.
  'nsswitch.conf': 'hosts: files dns\n',
};

/** The `node` package's binary (a real ELF file, not the machine's node). */
export function nodeBinary(): string {
  const pkg = createRequire(import.meta.url).resolve('node/package.json');
  const bin = path.join(path.dirname(pkg), 'bin', 'node');
  if (!existsSync(bin)) throw new Error(`${bin} not found: run npm ci (devDependency "node")`);
  return bin;
}

/** Absolute paths `ldd` lists for `binary`, the dynamic loader included. */
export function sharedLibraries(binary: string): string[] {
  const out = execFileSync('ldd', [binary], { encoding: 'utf8' });
  return [...out.matchAll(/(\/\S+) \(0x[0-9a-f]+\)/g)].map((m) => m[1]!);
}

function place(rootfs: string, from: string, to: string, mode: number): void {
  const target = path.join(rootfs, to);
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(from, target); // follows symlinks: the image gets the file under the linked name
  chmodSync(target, mode);
}

/** Readable by the image's user whatever the umask was: dirs 0755, files 0644 or 0755 if executable. */
function normaliseModes(rootfs: string): void {
  chmodSync(rootfs, 0o755);
  for (const e of readdirSync(rootfs, { withFileTypes: true, recursive: true })) {
    const file = path.join(e.parentPath, e.name);
    if (e.isDirectory()) chmodSync(file, 0o755);
    else chmodSync(file, statSync(file).mode & 0o100 ? 0o755 : 0o644);
  }
}

/** Writes the context to `out` (removed first); returns what it holds. */
export async function writeImageContext(
  root: string,
  out: string,
): Promise<{ node: string; libraries: string[] }> {
  rmSync(out, { recursive: true, force: true });
  const rootfs = path.join(out, 'rootfs');
  const node = nodeBinary();
  place(rootfs, node, NODE_PATH, 0o755);
  const libraries = sharedLibraries(node);
  for (const lib of libraries) place(rootfs, lib, lib, 0o755);
  if (!existsSync(CA_BUNDLE)) throw new Error(`${CA_BUNDLE} not found: install ca-certificates`);
  place(rootfs, CA_BUNDLE, CA_BUNDLE, 0o644);
  mkdirSync(path.join(rootfs, 'etc'), { recursive: true });
  for (const [name, text] of Object.entries(ETC)) {
    writeFileSync(path.join(rootfs, 'etc', name), text, { mode: 0o644 });
  }
  // Mount points: the ServiceAccount's token (the kubelet makes it too) and the heartbeat's volume.
  mkdirSync(path.join(rootfs, 'var/run/secrets/kubernetes.io/serviceaccount'), { recursive: true });
  mkdirSync(path.join(rootfs, 'run/business-scaler'), { recursive: true });
  await build({
    entryPoints: { 'business-scaler': path.join(root, 'bin', 'business-scaler.ts') },
    outdir: path.join(rootfs, path.dirname(ENTRY_PATH)),
    outExtension: { '.js': '.mjs' },
    ...NODE_BUNDLE,
  });
  normaliseModes(rootfs);
  copyFileSync(path.join(root, 'Containerfile'), path.join(out, 'Containerfile'));
  return { node, libraries };
}

if (
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  const root = process.cwd();
  const out = path.resolve(root, process.argv[2] ?? IMAGE_DIR);
  const { libraries } = await writeImageContext(root, out);
  const size = execFileSync('du', ['-sh', out], { encoding: 'utf8' }).split('\t')[0];
  process.stdout.write(
    `image context: ${out} (${size}; node + ${libraries.length} libraries)\n` +
      `build: podman build -t business-scaler:0.1.0 ${out}\n` +
      `   or: docker build -t business-scaler:0.1.0 -f ${out}/Containerfile ${out}\n`,
  );
}
