/**
 * A TypeScript entry bundled once per process with esbuild (dependencies stay external,
 * resolved from node_modules), for tests that run it as a child Node process.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const CACHE = path.resolve('node_modules/.cache/business-scaler-tests');
const built = new Map<string, Promise<string>>();

/** Bundles `entry` to `<cache>/<outName>` on first call; later calls share that build. */
export function bundleOnce(entry: string, outName: string): Promise<string> {
  const out = path.join(CACHE, outName);
  let done = built.get(out);
  if (!done) {
    done = (async () => {
      mkdirSync(CACHE, { recursive: true });
      await build({
        entryPoints: [entry],
        bundle: true,
        platform: 'node',
        format: 'esm',
        packages: 'external',
        outfile: out,
        logLevel: 'silent',
      });
      return out;
    })();
    built.set(out, done);
  }
  return done;
}
