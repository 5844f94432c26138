/**
 * Where the envtest assets (etcd, kube-apiserver) come from, first match wins:
 *   1. `KUBEBUILDER_ASSETS` (the envtest convention, e.g. `$(setup-envtest use -p path)`);
 *   2. `../shared/k8s/install-assets.sh` beside the repo, when present (a workspace layout);
 *   3. the cache, `~/.cache/business-scaler/envtest/<version>` (what `npm run assets` fills);
 *   4. with `ENVTEST_DOWNLOAD=1` (or the caller's consent): a verified download into the cache.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_INDEX_URL, downloadAssets } from './download.js';

export const DEFAULT_ENVTEST_VERSION = 'v1.31.0';

export interface Assets {
  readonly dir: string;
  /** For the one line that says what is used, e.g. `KUBEBUILDER_ASSETS=/x`. */
  readonly source: string;
}

export interface NoAssets {
  readonly why: string;
  /** Exactly what to run. */
  readonly hint: string;
}

export const envtestVersion = (env = process.env): string => {
  const v = env.ENVTEST_K8S_VERSION?.trim() || DEFAULT_ENVTEST_VERSION;
  return v.startsWith('v') ? v : `v${v}`;
};

export function cacheDir(env = process.env): string {
  const root =
    env.BUSINESS_SCALER_CACHE ||
    path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'business-scaler');
  return path.join(root, 'envtest', envtestVersion(env));
}

export const hasBinaries = (dir: string): boolean =>
  existsSync(path.join(dir, 'etcd')) && existsSync(path.join(dir, 'kube-apiserver'));

// tools/envtest in the sources, dist/tools/envtest compiled: the repo is the nearest package.json.
function repoRoot(): string {
  const start = path.dirname(fileURLToPath(import.meta.url));
  for (let d = start; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, 'package.json'))) return d;
    if (path.dirname(d) === d) return start;
  }
}

export function noAssetsHint(env = process.env): string {
  return `run \`npm run assets\` (downloads envtest ${envtestVersion(env)}, SHA-512 checked, into ${cacheDir(env)}) or set KUBEBUILDER_ASSETS`;
}

export interface LookUpOptions {
  /** Look at ../shared/k8s (default true; tests of the cache and the download turn it off). */
  readonly shared?: boolean;
}

/** Steps 1–3: no network. */
export function lookUpAssets(env = process.env, opts: LookUpOptions = {}): Assets | NoAssets {
  const fromEnv = env.KUBEBUILDER_ASSETS;
  if (fromEnv) {
    if (hasBinaries(fromEnv)) return { dir: fromEnv, source: `KUBEBUILDER_ASSETS=${fromEnv}` };
    return {
      why: `no etcd/kube-apiserver in KUBEBUILDER_ASSETS=${fromEnv}`,
      hint: noAssetsHint(env),
    };
  }
  const script = path.resolve(repoRoot(), '../shared/k8s/install-assets.sh');
  if (opts.shared !== false && existsSync(script)) {
    try {
      const out = execFileSync(script, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const dir = out.trim();
      if (hasBinaries(dir)) return { dir, source: `../shared/k8s (${dir})` };
    } catch {
      // fall through to the cache
    }
  }
  const cached = cacheDir(env);
  if (hasBinaries(cached)) return { dir: cached, source: `cache ${cached}` };
  return { why: 'no envtest assets', hint: noAssetsHint(env) };
}

export const downloadAllowed = (env = process.env): boolean => env.ENVTEST_DOWNLOAD === '1';

/** Steps 1–4: downloads only when `allowDownload` (default: `ENVTEST_DOWNLOAD=1`). */
export async function ensureAssets(
  opts: LookUpOptions & {
    allowDownload?: boolean;
    env?: NodeJS.ProcessEnv;
    log?: (line: string) => void;
  } = {},
): Promise<Assets | NoAssets> {
  const env = opts.env ?? process.env;
  const found = lookUpAssets(env, opts);
  if ('dir' in found || !(opts.allowDownload ?? downloadAllowed(env))) return found;
  const dest = cacheDir(env);
  const indexUrl = env.ENVTEST_INDEX_URL || DEFAULT_INDEX_URL;
  try {
    await downloadAssets({ version: envtestVersion(env), indexUrl, dest, log: opts.log });
  } catch (e) {
    if (!hasBinaries(dest)) {
      return {
        why: `download failed: ${e instanceof Error ? e.message : String(e)}`,
        hint: noAssetsHint(env),
      };
    }
    // another process finished the same download first
  }
  return { dir: dest, source: `cache ${dest} (downloaded from ${new URL(indexUrl).host})` };
}
