/**
 * `npm run assets` / ENVTEST_DOWNLOAD=1 without the internet: a release server on 127.0.0.1
 * serves an `envtest-releases.yaml` index and archives built here from the binaries in the
 * current assets. A verified archive lands in the cache and runs a real control plane; a
 * tampered one (same index hash, other bytes) is refused and leaves nothing behind.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { findAssets, startControlPlane } from '../../tools/controlPlane.js';
import { archiveName } from '../../tools/envtest/download.js';
import { ensureAssets, lookUpAssets } from '../../tools/envtest/resolve.js';
import { writeTarGz } from '../../tools/envtest/tar.js';
import { describeIfCluster } from '../harness/controlPlane.js';

describeIfCluster('envtest assets from a release server (loopback)', () => {
  let server: Server;
  let base = '';
  let cache = '';
  const served = new Map<string, Buffer>();

  beforeAll(async () => {
    const assets = findAssets()!;
    const files = ['etcd', 'kube-apiserver'].map((name) => ({
      name,
      mode: 0o755,
      data: readFileSync(path.join(assets, name)),
    }));
    const good = writeTarGz(files);
    const evil = writeTarGz([
      files[0]!,
      { name: 'kube-apiserver', mode: 0o755, data: Buffer.from('#!/bin/sh\necho pwned\n') },
    ]);
    const sha = (b: Buffer) => createHash('sha512').update(b).digest('hex');
    server = createServer((req, res) => {
      const body = served.get(req.url ?? '');
      if (!body) return void res.writeHead(404).end();
      res.writeHead(200).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const entry = (version: string, file: string) => ({
      [archiveName(version)]: { hash: sha(good), selfLink: `${base}/${file}` },
    });
    // v9.9.8's index hash is the good archive's, but the server hands out other bytes.
    served.set('/good.tar.gz', good).set('/evil.tar.gz', evil);
    const index = {
      releases: {
        'v9.9.9': entry('v9.9.9', 'good.tar.gz'),
        'v9.9.8': entry('v9.9.8', 'evil.tar.gz'),
      },
    };
    served.set('/envtest-releases.yaml', Buffer.from(stringify(index)));
    cache = mkdtempSync(path.join(os.tmpdir(), 'bs-envtest-'));
  }, 60_000);
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(cache, { recursive: true, force: true });
  });

  const env = (version: string): NodeJS.ProcessEnv => ({
    ENVTEST_K8S_VERSION: version,
    ENVTEST_INDEX_URL: `${base}/envtest-releases.yaml`,
    BUSINESS_SCALER_CACHE: cache,
    HOME: cache,
  });

  it('without consent it downloads nothing and says exactly what to run', async () => {
    const found = await ensureAssets({ env: env('v9.9.9'), shared: false });
    expect(found).toEqual({
      why: 'no envtest assets',
      hint: expect.stringContaining('run `npm run assets`') as unknown,
    });
    expect(readdirSync(cache)).toEqual([]);
  });

  it('refuses a tampered archive: SHA-512 mismatch, nothing unpacked or cached', async () => {
    const found = await ensureAssets({ env: env('v9.9.8'), shared: false, allowDownload: true });
    expect('why' in found && found.why).toMatch(/SHA-512 mismatch .*refusing to unpack/);
    expect(existsSync(path.join(cache, 'envtest'))).toBe(false);
  });

  it('downloads a verified archive into the cache, finds it there next time, and it runs', async () => {
    const found = await ensureAssets({ env: env('v9.9.9'), shared: false, allowDownload: true });
    const dir = path.join(cache, 'envtest', 'v9.9.9');
    expect(found).toEqual({ dir, source: `cache ${dir} (downloaded from ${new URL(base).host})` });
    expect(readdirSync(path.join(cache, 'envtest'))).toEqual(['v9.9.9']); // no partial left
    expect(lookUpAssets(env('v9.9.9'), { shared: false })).toEqual({ dir, source: `cache ${dir}` });
    const cp = await startControlPlane({ assets: dir }); // resolves once /readyz answers 200
    expect(cp?.server).toMatch(/^https:\/\/127\.0\.0\.1:/);
    await cp?.stop();
  }, 90_000);
});
