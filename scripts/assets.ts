/**
 * `npm run assets`: get the envtest assets (etcd, kube-apiserver) for the integration tests and
 * the demo. Uses what is there (KUBEBUILDER_ASSETS, ../shared/k8s, the cache); otherwise
 * downloads controller-tools' envtest release for this OS/arch (ENVTEST_K8S_VERSION, index
 * ENVTEST_INDEX_URL), checks its SHA-512 against the index before unpacking, and caches it.
 * Prints the directory on stdout (`export KUBEBUILDER_ASSETS="$(npm run -s assets)"`).
 */
import { ensureAssets } from '../tools/envtest/resolve.js';

const found = await ensureAssets({
  allowDownload: true,
  log: (line) => process.stderr.write(`assets: ${line}\n`),
});
if ('dir' in found) {
  process.stderr.write(`assets: ${found.source}\n`);
  process.stdout.write(`${found.dir}\n`);
} else {
  process.stderr.write(`assets: ${found.why}\n`);
  process.exitCode = 1;
}
