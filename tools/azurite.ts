/**
 * Azurite's queue service for tests and the bench: `azurite-queue` (the npm devDependency) on
 * 127.0.0.1, a port of its own choosing (read from what it prints), in memory, telemetry off;
 * stopped (and its dir removed) by `stop()` or, if Jest dies, by the process watchdog.
 * Clients use Azurite's published development account. That well-known emulator key lives here,
 * in test tooling only: the app itself reaches its queue with a managed identity, never a key.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { QueueClient, StorageSharedKeyCredential } from '@azure/storage-queue';
import { isDead, logTail, startProcess, stopProcesses } from './processes.js';

/** Azurite's fixed development account (documented by Azurite; not a secret). */
export const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteQueue {
  /** `http://127.0.0.1:<port>/devstoreaccount1` (what `WorkQueue__queueServiceUri` would be). */
  readonly serviceUri: string;
  /** A client of one queue, authenticated as the development account. */
  queueClient(name: string): QueueClient;
  stop(): Promise<void>;
}

const LISTENING = /successfully listens on http:\/\/127\.0\.0\.1:(\d+)/;

function mainScript(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('azurite/package.json');
  const bins = (JSON.parse(readFileSync(pkg, 'utf8')) as { bin: Record<string, string> }).bin;
  return path.join(path.dirname(pkg), bins['azurite-queue']!);
}

export async function startAzuriteQueue(): Promise<AzuriteQueue> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bs-azurite-'));
  const node = process.execPath;
  const child = startProcess(path.dirname(node), path.basename(node), dir, [
    mainScript(),
    '--queueHost',
    '127.0.0.1',
    '--queuePort',
    '0',
    '--disableTelemetry',
    '--inMemoryPersistence',
    '--skipApiVersionCheck',
  ]);
  const stop = () => stopProcesses([child], dir);
  const logName = path.basename(node);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !isDead(child)) {
    const port = LISTENING.exec(logTail(dir, logName))?.[1];
    if (port !== undefined) {
      const serviceUri = `http://127.0.0.1:${port}/${DEV_ACCOUNT}`;
      const credential = new StorageSharedKeyCredential(DEV_ACCOUNT, DEV_KEY);
      return {
        serviceUri,
        queueClient: (name) => new QueueClient(`${serviceUri}/${name}`, credential),
        stop,
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const tail = logTail(dir, logName);
  await stop();
  throw new Error(`azurite-queue did not start:\n${tail}`);
}
