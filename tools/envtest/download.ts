/**
 * Downloads envtest assets the way controller-runtime's `setup-envtest` does: the index is
 * controller-tools' `envtest-releases.yaml`
 * (`releases: {vX.Y.Z: {envtest-vX.Y.Z-<os>-<arch>.tar.gz: {hash: <sha512 hex>, selfLink: <url>}}}`);
 * the archive's SHA-512 is checked before anything is unpacked, and only a verified archive's
 * files ever reach the cache directory (moved there in one rename), so nothing unverified runs.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { readTarGz } from './tar.js';

export const DEFAULT_INDEX_URL =
  'https://raw.githubusercontent.com/kubernetes-sigs/controller-tools/HEAD/envtest-releases.yaml';

export interface DownloadOptions {
  readonly version: string;
  readonly indexUrl: string;
  /** Where the files go (created; must not exist yet). */
  readonly dest: string;
  readonly platform?: string;
  readonly arch?: string;
  readonly log?: (line: string) => void;
}

interface IndexEntry {
  readonly hash?: unknown;
  readonly selfLink?: unknown;
}

const GOOS: Record<string, string> = { linux: 'linux', darwin: 'darwin', win32: 'windows' };
const GOARCH: Record<string, string> = {
  x64: 'amd64',
  arm64: 'arm64',
  ppc64: 'ppc64le',
  s390x: 's390x',
};

export function archiveName(
  version: string,
  platform: string = process.platform,
  arch: string = process.arch,
) {
  return `envtest-${version}-${GOOS[platform] ?? platform}-${GOARCH[arch] ?? arch}.tar.gz`;
}

async function get(url: string): Promise<Buffer> {
  const res = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(300_000) });
  if (!res.ok)
    throw new Error(`GET ${new URL(url).origin}${new URL(url).pathname}: HTTP ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

/** Downloads, verifies and unpacks; returns `dest`. Throws (leaving nothing behind) on any mismatch. */
export async function downloadAssets(opts: DownloadOptions): Promise<string> {
  const log = opts.log ?? (() => undefined);
  const index = parse((await get(opts.indexUrl)).toString('utf8')) as {
    releases?: Record<string, Record<string, IndexEntry>>;
  };
  const name = archiveName(opts.version, opts.platform, opts.arch);
  const entry = index?.releases?.[opts.version]?.[name];
  if (!entry) throw new Error(`the envtest index has no ${name}`);
  if (typeof entry.hash !== 'string' || !/^[0-9a-f]{128}$/i.test(entry.hash))
    throw new Error(`the envtest index has no SHA-512 for ${name}`);
  if (typeof entry.selfLink !== 'string')
    throw new Error(`the envtest index has no URL for ${name}`);
  log(`downloading ${name} …`);
  const archive = await get(entry.selfLink);
  const actual = createHash('sha512').update(archive).digest('hex');
  if (actual !== entry.hash.toLowerCase()) {
    throw new Error(
      `SHA-512 mismatch for ${name}: refusing to unpack it (expected ${entry.hash.slice(0, 16)}…, got ${actual.slice(0, 16)}…)`,
    );
  }
  const files = readTarGz(archive);
  for (const need of ['etcd', 'kube-apiserver']) {
    if (!files.some((f) => f.name === need)) throw new Error(`${name} has no ${need}`);
  }
  const partial = `${opts.dest}.partial-${randomBytes(4).toString('hex')}`;
  mkdirSync(partial, { recursive: true });
  try {
    for (const f of files) {
      const file = path.join(partial, f.name);
      writeFileSync(file, f.data);
      chmodSync(file, 0o755);
    }
    renameSync(partial, opts.dest);
  } catch (e) {
    rmSync(partial, { recursive: true, force: true });
    throw e;
  }
  log(`verified (SHA-512) and unpacked into ${opts.dest}`);
  return opts.dest;
}
