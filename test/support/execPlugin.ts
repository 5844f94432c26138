/**
 * A kubeconfig exec credential plugin (client.authentication.k8s.io/v1beta1) in a temp dir:
 * hands out `tokens` in order, the last one from then on; its credentials are always expired,
 * so client-node runs it on every ask. `calls()` counts the runs.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function writeExecPlugin(tokens: readonly string[]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'exec-plugin-'));
  const command = path.join(dir, 'plugin.sh');
  tokens.forEach((t, i) => writeFileSync(path.join(dir, `token-${i}`), t));
  const last = tokens.length - 1;
  const script = [
    '#!/bin/sh',
    `d='${dir}'`,
    'n=$(cat "$d/count" 2>/dev/null || echo 0); echo $((n + 1)) > "$d/count"',
    `[ "$n" -gt ${last} ] && n=${last}`,
    'printf \'{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential",' +
      '"status":{"token":"%s","expirationTimestamp":"2000-01-01T00:00:00Z"}}\' "$(cat "$d/token-$n")"',
  ];
  writeFileSync(command, script.join('\n') + '\n', { mode: 0o755 });
  return {
    command,
    calls: () => Number(readFileSync(path.join(dir, 'count'), 'utf8').trim()),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
