/**
 * The deployable Functions package: esbuild bundles each function (functions/*.ts) with
 * everything it imports into ESM, code shared by both in chunks and the Azure identity/ARM code
 * in chunks loaded only on first use (dynamic import), so nothing in node_modules is shipped.
 *   node dist/scripts/package.js           → dist/package/   (npm run build:bundle)
 *   node dist/scripts/package.js --zip     → + dist/business-scaler.zip (npm run package)
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
// The Functions worker provides `@azure/functions-core` to the bundle's `require`.
import { NODE_BUNDLE } from './nodeBundle.js';

/**
 * The folder the bundle is written to, relative to the project root: azure.yaml's `dist` must be
 * this (test/integration/deploy-package.test.ts checks it), since azd uploads that folder.
 */
export const PACKAGE_DIR = 'dist/package';
/** The package.json `main` of the bundle: the files the Functions host loads. */
export const ENTRY_GLOB = 'functions/*.js';

const root = process.cwd();
const out = path.join(root, PACKAGE_DIR);
const zipFile = path.join(root, 'dist', 'business-scaler.zip');

export async function bundle(): Promise<{ files: number; bytes: number }> {
  rmSync(out, { recursive: true, force: true });
  const entryPoints = readdirSync(path.join(root, 'functions'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(root, 'functions', f));
  await build({
    entryPoints,
    outdir: path.join(out, 'functions'),
    ...NODE_BUNDLE,
    external: ['@azure/functions-core'],
    sourcemap: false,
  });
  copyFileSync(path.join(root, 'host.json'), path.join(out, 'host.json'));
  const pkg = {
    name: 'business-scaler',
    version: '0.1.0',
    private: true,
    type: 'module',
    main: ENTRY_GLOB,
  };
  writeFileSync(path.join(out, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  return sizeOf(out);
}

function sizeOf(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    files += 1;
    bytes += statSync(path.join(e.parentPath, e.name)).size;
  }
  return { files, bytes };
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const { files, bytes } = await bundle();
  process.stdout.write(`bundle: ${out} (${files} files, ${(bytes / 1024).toFixed(0)} KiB)\n`);
  if (process.argv.includes('--zip')) {
    mkdirSync(path.dirname(zipFile), { recursive: true });
    rmSync(zipFile, { force: true });
    execFileSync('zip', ['-q', '-r', '-X', zipFile, '.'], { cwd: out, stdio: 'inherit' });
    process.stdout.write(
      `package: ${zipFile} (${(statSync(zipFile).size / 1024).toFixed(0)} KiB)\n`,
    );
  }
}
