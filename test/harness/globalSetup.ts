/**
 * Once per `npm test`, before any worker starts: find the envtest assets (downloading them,
 * verified, only with ENVTEST_DOWNLOAD=1), say in one line what the integration tests use or
 * exactly what to run, and hand the directory to the workers through KUBEBUILDER_ASSETS.
 */
import { registerHooks } from 'node:module';

/**
 * Jest transpiles this file but lets Node load what it imports: map our `./x.js` imports to the
 * `.ts` sources (Node 22.18+ strips the types itself).
 */
registerHooks({
  resolve(specifier, context, next) {
    try {
      return next(specifier, context);
    } catch (e) {
      if (!specifier.startsWith('.') || !specifier.endsWith('.js')) throw e;
      return next(`${specifier.slice(0, -3)}.ts`, context);
    }
  },
});

export default async function globalSetup(): Promise<void> {
  const { ensureAssets } = await import('../../tools/envtest/resolve.js');
  const found = await ensureAssets({ log: (line) => process.stderr.write(`envtest: ${line}\n`) });
  if ('dir' in found) {
    process.env.KUBEBUILDER_ASSETS = found.dir;
    process.stderr.write(`\nintegration tests: a real kube-apiserver from ${found.source}\n`);
  } else {
    process.stderr.write(
      `\nintegration tests needing a kube-apiserver will be skipped (${found.why}): ${found.hint}, or ENVTEST_DOWNLOAD=1 npm test\n`,
    );
  }
}
