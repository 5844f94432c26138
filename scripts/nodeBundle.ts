/**
 * The esbuild options both packages share (scripts/package.ts for the Functions app,
 * scripts/imageContext.ts for the container): one ESM bundle for Node 22, split into chunks,
 * minified, with a `require` for the CommonJS dependencies that call it.
 */
import type { BuildOptions } from 'esbuild';

const banner = `import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);`;

export const NODE_BUNDLE = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  chunkNames: 'chunks/[name]-[hash]',
  banner: { js: banner },
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
} as const satisfies BuildOptions;
