/**
 * `--heartbeat-file <path>`: the loop rewrites this file after every run, whatever its outcome,
 * so a liveness probe can restart a loop that stopped running (and so stopped renewing its
 * shard leases). deploy/deployment.yaml's exec probe checks the file's age with the image's own
 * node; see docs/in-any-cluster.md for why a file and not a health port.
 */
import { writeFileSync } from 'node:fs';

/** Returns a `beat()` that writes the time; a failed write is reported once, then each recovery. */
export function createHeartbeat(
  path: string | undefined,
  warn: (line: string) => void,
): () => void {
  if (path === undefined) return () => undefined;
  let failing = false;
  return () => {
    try {
      writeFileSync(path, `${new Date().toISOString()}\n`);
      if (failing) warn(`heartbeat file ${path} written again`);
      failing = false;
    } catch (err) {
      if (!failing) {
        const code = (err as NodeJS.ErrnoException).code ?? 'error';
        warn(`cannot write heartbeat file ${path} (${code}): the liveness probe will fail`);
      }
      failing = true;
    }
  };
}
