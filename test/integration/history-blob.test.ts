/**
 * The Azure history store on Azurite's blob service (`@azure/storage-blob`, no mocks): bounded
 * reads, writes conditional on the ETag read, at most one write per bucket, hostile keys, and
 * errors that name a status and code only. The identity path (bearer token over https) is in
 * history-blob-identity.test.ts.
 */
import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { ContainerClient, newPipeline } from '@azure/storage-blob';
import { MAX_READABLE, toBlobName } from '../../lib/history/blobName.js';
import { createBlobHistoryStore } from '../../lib/history/blobStore.js';
import { decodeHistory, HISTORY_MAX_BYTES, HistoryError } from '../../lib/history/codec.js';
import { startAzuriteBlob, type AzuriteBlob } from '../../tools/azurite.js';
import { observeOnce } from '../../bench/historyRun.js';
import { countRequests, type Sent } from '../../tools/storagePolicies.js';

let azurite: AzuriteBlob;
let n = 0;

beforeAll(async () => {
  azurite = await startAzuriteBlob();
}, 60_000);
afterAll(() => azurite?.stop());

/** A fresh container, a store over it, and the requests it sent. */
async function fresh() {
  const name = `history-${++n}`;
  const sent: Sent[] = [];
  const container = azurite.containerClient(name, [countRequests(sent)]);
  await container.create();
  sent.length = 0;
  const store = createBlobHistoryStore(container);
  return { container, store, sent, other: createBlobHistoryStore(container) };
}

const blobText = async (c: ContainerClient, key: string) =>
  (await c.getBlockBlobClient(toBlobName(key)).downloadToBuffer()).toString('utf8');

describe('blob history store (Azurite)', () => {
  it('reads nothing for a new key, then what it wrote', async () => {
    const { store } = await fresh();
    await expect(store.read('shop/web/orders')).resolves.toBeUndefined();
    await store.write('shop/web/orders', '{"a":1}');
    await expect(store.read('shop/web/orders')).resolves.toBe('{"a":1}');
    await store.write('shop/web/orders', '{"a":2}'); // If-Match the ETag of its own write
    await expect(store.read('shop/web/orders')).resolves.toBe('{"a":2}');
  });

  it('a run that changes nothing writes nothing: one GET a run, one PUT a new bucket', async () => {
    const { store, sent } = await fresh();
    const runs = [
      [1_000_020, 5], // a new key: GET 404, PUT
      [1_000_080, 6], // same 5-minute bucket: GET only
      [1_000_140, 7], // same bucket
      [1_000_320, 8], // the next bucket: GET, PUT
    ] as const;
    const perRun: string[] = [];
    for (const [at, value] of runs) {
      sent.length = 0;
      await observeOnce(store, 'shop/web/orders', at, value);
      perRun.push(sent.map((s) => `${s.method} ${s.status}`).join(', '));
    }
    expect(perRun).toEqual(['GET 404, PUT 201', 'GET 206', 'GET 206', 'GET 206, PUT 201']);
  });

  it('two writers never overwrite each other: the second gets a conflict, not a retry', async () => {
    const { container, store, other, sent } = await fresh();
    await store.write('k', 'v0');
    await store.read('k');
    await other.read('k');
    await other.write('k', 'from-other');
    sent.length = 0;
    await expect(store.write('k', 'from-store')).rejects.toThrow(
      new HistoryError('stored history changed since it was read: not written'),
    );
    expect(sent.map((s) => `${s.method} ${s.status}`)).toEqual(['PUT 412']);
    expect(await blobText(container, 'k')).toBe('from-other');
  });

  it.each([
    ['both saw no blob', async (a: Store, b: Store) => Promise.all([a.read('k'), b.read('k')])],
    ['the loser never read', async (a: Store) => a.read('k')],
  ])('creating: one writer wins when %s (If-None-Match *)', async (_, readFirst) => {
    const { container, store, other } = await fresh();
    await readFirst(store, other);
    await store.write('k', 'first');
    await expect(other.write('k', 'second')).rejects.toThrow(/changed since it was read/);
    expect(await blobText(container, 'k')).toBe('first');
  });

  it('remembers a bounded number of ETags; a forgotten one never lets a write replace a blob', async () => {
    const { container } = await fresh();
    const store = createBlobHistoryStore(container, { maxRemembered: 1 });
    await store.write('k1', 'a');
    await store.write('k2', 'b'); // k1's ETag is dropped: only one is kept
    await expect(store.write('k1', 'c')).rejects.toThrow(/changed since it was read/);
    await store.read('k1');
    await store.write('k1', 'c');
    expect(await blobText(container, 'k1')).toBe('c');
  });

  it('reads at most the bound + 1 of a larger blob, which the codec refuses; it can be replaced', async () => {
    const { container, store, sent } = await fresh();
    const big = 'x'.repeat(HISTORY_MAX_BYTES * 2);
    await container.getBlockBlobClient(toBlobName('k')).upload(big, big.length);
    sent.length = 0;
    const text = (await store.read('k'))!;
    expect(text).toBe('x'.repeat(HISTORY_MAX_BYTES + 1));
    expect(sent).toEqual([{ method: 'GET', status: 206, length: HISTORY_MAX_BYTES + 1 }]);
    expect(() => decodeHistory(text)).toThrow(new HistoryError('stored history is too large'));
    await store.write('k', '{}'); // If-Match the ETag of that read
    expect(await blobText(container, 'k')).toBe('{}');
    await expect(store.write('k', 'y'.repeat(HISTORY_MAX_BYTES + 1))).rejects.toThrow(
      `history of ${HISTORY_MAX_BYTES + 1} bytes is over the ${HISTORY_MAX_BYTES} bound`,
    );
  });

  it('an empty blob reads as empty text, and can then be replaced', async () => {
    const { container, store } = await fresh();
    await container.getBlockBlobClient(toBlobName('k')).upload('', 0);
    await expect(store.read('k')).resolves.toBe('');
    await store.write('k', 'v1');
    expect(await blobText(container, 'k')).toBe('v1');
  });

  it('a missing container is named; no error carries the URL, host or account', async () => {
    const sent: Sent[] = [];
    const store = createBlobHistoryStore(azurite.containerClient('nope', [countRequests(sent)]));
    const errors = [
      await store.read('k').catch((e: unknown) => e),
      await store.write('k', '{}').catch((e: unknown) => e),
    ] as Error[];
    for (const err of errors) {
      expect(err).toEqual(new HistoryError('history container "nope" does not exist'));
      expect(`${err.message} ${err.stack}`).not.toMatch(/127\.0\.0\.1|devstoreaccount1|http/);
    }
  });

  it('hostile keys round-trip, each to its own blob, all under v1/', async () => {
    const { container, store } = await fresh();
    const keys = [
      '../../etc/passwd',
      'a/b/c',
      'a%2fb%2fc',
      'a/b/c.',
      '.',
      '..',
      'ns/name/metric?x=1#frag',
      'nul\u0000byte',
      'ü/日本/😀',
      '\ud800lone',
      'k'.repeat(MAX_READABLE + 1),
      'k'.repeat(10_000),
    ];
    for (const [i, key] of keys.entries()) await store.write(key, `v${i}`);
    for (const [i, key] of keys.entries()) await expect(store.read(key)).resolves.toBe(`v${i}`);
    const names: string[] = [];
    for await (const b of container.listBlobsFlat()) names.push(b.name);
    expect(names).toHaveLength(keys.length);
    for (const name of names)
      expect(name).toMatch(/^v1\/(sha256\/[0-9a-f]{64}|[A-Za-z0-9%_-]+)\.json$/);
  });
});

type Store = ReturnType<typeof createBlobHistoryStore>;

describe('blob history store against a server that never answers', () => {
  it('fails the call after its timeout, with a safe message', async () => {
    const sockets: Socket[] = [];
    const server = createServer((s) => void sockets.push(s)).listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      const uri = `http://127.0.0.1:${port}/devstoreaccount1/history`;
      const store = createBlobHistoryStore(
        new ContainerClient(uri, newPipeline(undefined, { retryOptions: { maxTries: 1 } })),
        { timeoutMs: 300 },
      );
      const err = (await store.read('k').catch((e: unknown) => e)) as Error;
      expect(err).toBeInstanceOf(HistoryError);
      expect(err.message).toMatch(/^history read failed: \w+$/);
      expect(err.message).not.toMatch(/127\.0\.0\.1|devstoreaccount1/);
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
    }
  });
});
