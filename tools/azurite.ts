/**
 * Azurite's queue and blob services for tests and the benches: `azurite-queue` / `azurite-blob`
 * (the npm devDependency) on 127.0.0.1, a port of their own choosing (read from what they
 * print), in memory, telemetry off; stopped (and their dir removed) by `stop()` or, if Jest
 * dies, by the process watchdog. Clients use Azurite's published development account. That
 * well-known emulator key lives here, in test tooling only: the app itself reaches its storage
 * with a managed identity, never a key. `https` starts the blob service with a self-signed
 * certificate and `--oauth basic` (bearer tokens checked for issuer, audience and expiry).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {
  ContainerClient,
  newPipeline,
  StorageSharedKeyCredential as BlobKeyCredential,
  type RequestPolicyFactory,
} from '@azure/storage-blob';
import { QueueClient, StorageSharedKeyCredential } from '@azure/storage-queue';
import { isDead, logTail, startProcess, stopProcesses } from './processes.js';

/** Azurite's fixed development account (documented by Azurite; not a secret). */
export const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** The development account's shared key (for `@azure/storage-queue` and `-blob` clients). */
export const devCredential = () => new StorageSharedKeyCredential(DEV_ACCOUNT, DEV_KEY);

export interface AzuriteQueue {
  /** `http://127.0.0.1:<port>/devstoreaccount1` (what `WorkQueue__queueServiceUri` would be). */
  readonly serviceUri: string;
  /** A client of one queue, authenticated as the development account. */
  queueClient(name: string): QueueClient;
  stop(): Promise<void>;
}

export interface AzuriteBlob {
  /** `http(s)://127.0.0.1:<port>/devstoreaccount1` (what `HistoryStore__blobServiceUri` would be). */
  readonly serviceUri: string;
  /** The self-signed certificate to trust (https only). */
  readonly ca?: string;
  /** A client of one container, as the development account, with extra policies (http only). */
  containerClient(name: string, policies?: readonly RequestPolicyFactory[]): ContainerClient;
  stop(): Promise<void>;
}

const LISTENING = /successfully listens on https?:\/\/127\.0\.0\.1:(\d+)/;

function mainScript(bin: 'azurite-queue' | 'azurite-blob'): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('azurite/package.json');
  const bins = (JSON.parse(readFileSync(pkg, 'utf8')) as { bin: Record<string, string> }).bin;
  return path.join(path.dirname(pkg), bins[bin]!);
}

/** Starts one Azurite service; resolves with its port, or rejects with its log. */
async function startService(
  bin: 'azurite-queue' | 'azurite-blob',
  flags: (dir: string) => string[],
): Promise<{ port: string; dir: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bs-azurite-'));
  const node = process.execPath;
  const child = startProcess(path.dirname(node), path.basename(node), dir, [
    mainScript(bin),
    ...flags(dir),
    '--disableTelemetry',
    '--inMemoryPersistence',
    '--skipApiVersionCheck',
  ]);
  const stop = () => stopProcesses([child], dir);
  const logName = path.basename(node);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !isDead(child)) {
    const port = LISTENING.exec(logTail(dir, logName))?.[1];
    if (port !== undefined) return { port, dir, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  const tail = logTail(dir, logName);
  await stop();
  throw new Error(`${bin} did not start:\n${tail}`);
}

export async function startAzuriteQueue(): Promise<AzuriteQueue> {
  const { port, stop } = await startService('azurite-queue', () => [
    '--queueHost',
    '127.0.0.1',
    '--queuePort',
    '0',
  ]);
  const serviceUri = `http://127.0.0.1:${port}/${DEV_ACCOUNT}`;
  const credential = devCredential();
  return {
    serviceUri,
    queueClient: (name) => new QueueClient(`${serviceUri}/${name}`, credential),
    stop,
  };
}

/** A self-signed EC certificate for 127.0.0.1 in `dir` (via openssl, as the control plane's). */
function writeCert(dir: string): { cert: string; key: string } {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const subject = ['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'];
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2'];
  execFileSync('openssl', ['req', '-x509', ...ec, ...subject, '-keyout', key, '-out', cert], {
    stdio: 'ignore',
  });
  return { cert, key };
}

export async function startAzuriteBlob(options: { https?: boolean } = {}): Promise<AzuriteBlob> {
  let certFile: string | undefined;
  const { port, stop } = await startService('azurite-blob', (dir) => {
    const flags = ['--blobHost', '127.0.0.1', '--blobPort', '0'];
    if (!options.https) return flags;
    const { cert, key } = writeCert(dir);
    certFile = cert;
    return [...flags, '--cert', cert, '--key', key, '--oauth', 'basic'];
  });
  const ca = certFile === undefined ? undefined : readFileSync(certFile, 'utf8');
  const scheme = ca === undefined ? 'http' : 'https';
  const serviceUri = `${scheme}://127.0.0.1:${port}/${DEV_ACCOUNT}`;
  const containerClient = (name: string, policies: readonly RequestPolicyFactory[] = []) => {
    const pipeline = newPipeline(new BlobKeyCredential(DEV_ACCOUNT, DEV_KEY), {
      retryOptions: { maxTries: 1 },
    });
    pipeline.factories.push(...policies);
    return new ContainerClient(`${serviceUri}/${name}`, pipeline);
  };
  return { serviceUri, ca, containerClient, stop };
}
