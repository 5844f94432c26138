/** The Azure history store's pure parts: blob names of hostile keys, its settings, bounded bodies. */
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { MAX_READABLE, toBlobName } from '../../lib/history/blobName.js';
import { readCapped } from '../../lib/history/blobBody.js';
import { readHistoryStoreSettings } from '../../lib/history/blobSettings.js';
import { describeStorageError } from '../../lib/history/blobStore.js';

/** The inverse of the readable escaping: a name that decodes to its key is one no other key has. */
const unescape = (name: string) =>
  name
    .slice('v1/'.length, -'.json'.length)
    .replace(/%u([0-9a-f]{4})|%([0-9a-f]{2})/g, (_, u?: string, b?: string) =>
      String.fromCharCode(parseInt(u ?? b!, 16)),
    );

const NAME = /^v1\/(?:sha256\/[0-9a-f]{64}|[A-Za-z0-9%_-]*)\.json$/;

describe('toBlobName', () => {
  it.each([
    ['shop/web/orders', 'v1/shop%2fweb%2forders.json'],
    ['../x', 'v1/%2e%2e%2fx.json'],
    ['a.', 'v1/a%2e.json'],
    ['100%', 'v1/100%25.json'],
    ['ü', 'v1/%fc.json'],
    ['日', 'v1/%u65e5.json'],
    ['\u0010' + '0', 'v1/%100.json'],
    ['\u0100', 'v1/%u0100.json'],
  ])('%j → %s', (key, name) => {
    expect(toBlobName(key)).toBe(name);
  });

  it('hashes a key whose escaped name would be too long, and only then', () => {
    expect(toBlobName('k'.repeat(MAX_READABLE))).toBe(`v1/${'k'.repeat(MAX_READABLE)}.json`);
    expect(toBlobName('k'.repeat(MAX_READABLE + 1))).toMatch(/^v1\/sha256\/[0-9a-f]{64}\.json$/);
    expect(toBlobName('/'.repeat(200))).toMatch(/^v1\/sha256\//); // 600 escaped characters
  });

  it('property: every name is safe and bounded, and two keys never share one', () => {
    const key = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({
        unit: fc.constantFrom('a', '.', '/', '%', '0', '\u0010', 'é', '\u0100'),
        maxLength: 700,
      }),
    );
    fc.assert(
      fc.property(key, key, (a, b) => {
        const [na, nb] = [toBlobName(a), toBlobName(b)];
        expect(na).toMatch(NAME);
        expect(na.length).toBeLessThanOrEqual(1024);
        expect(na === nb).toBe(a === b);
        if (!na.startsWith('v1/sha256/')) expect(unescape(na)).toBe(a);
      }),
      { numRuns: 500 },
    );
  });
});

describe('history store settings', () => {
  const uri = { HistoryStore__blobServiceUri: 'https://st1.blob.core.windows.net' };
  it.each<[Record<string, string>, object]>([
    [{}, { blobServiceUri: undefined, container: 'history', clientId: undefined }],
    [uri, { blobServiceUri: uri.HistoryStore__blobServiceUri }],
    [{ HISTORY_CONTAINER: 'scaler-history-2' }, { container: 'scaler-history-2' }],
    [{ AZURE_CLIENT_ID: 'app' }, { clientId: 'app' }],
    [{ AZURE_CLIENT_ID: 'app', HistoryStore__clientId: 'h' }, { clientId: 'h' }],
    [{ ...uri, HistoryStore__credential: 'managedidentity' }, { container: 'history' }],
  ])('%j → %j', (env, want) => {
    expect(readHistoryStoreSettings(env)).toMatchObject(want);
  });

  it.each<[Record<string, string>, RegExp]>([
    [{ HISTORY_CONTAINER: 'History' }, /HISTORY_CONTAINER: not a blob container name/],
    [{ HISTORY_CONTAINER: 'a--b' }, /HISTORY_CONTAINER/],
    [{ HISTORY_CONTAINER: 'ab' }, /HISTORY_CONTAINER/],
    [{ HISTORY_CONTAINER: 'x'.repeat(64) }, /HISTORY_CONTAINER/],
    [{ ...uri, HistoryStore__credential: 'connectionstring' }, /managedidentity/],
    [{ HistoryStore__blobServiceUri: 'st1.blob.core.windows.net' }, /http\(s\)/],
    [{ HistoryStore__blobServiceUri: 'https://st1.blob.core.windows.net/?sv=1&sig=s' }, /http/],
    [{ HistoryStore__blobServiceUri: 'https://user:pw@st1.blob.core.windows.net' }, /http/],
  ])('%j is refused', (env, message) => {
    expect(() => readHistoryStoreSettings(env)).toThrow(message);
  });
});

describe('bounded blob bodies', () => {
  it('reads a body up to the cap and refuses one byte more', async () => {
    const body = () => Readable.from([Buffer.from('ab'), Buffer.from('cd')]);
    await expect(readCapped(body(), 4)).resolves.toBe('abcd');
    await expect(readCapped(body(), 3)).rejects.toThrow('stored history is over the 3 bound');
    await expect(readCapped(undefined, 3)).resolves.toBe('');
  });

  it.each<[unknown, string]>([
    [
      { statusCode: 503, code: 'ServerBusy', message: 'https://acct/x?sig=s3cret' },
      '503 ServerBusy',
    ],
    [{ statusCode: 500, code: 'has spaces and https://x' }, '500'],
    [new TypeError('fetch failed https://acct?sig=s3cret'), 'TypeError'],
    ['text', 'string'],
  ])('describes %j as %j, nothing more', (err, text) => {
    expect(describeStorageError(err)).toBe(text);
  });
});
