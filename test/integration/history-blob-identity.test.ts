/**
 * The Azure history store as the app builds it (createAzureHistoryStore from the settings):
 * a bearer token from the identity, over https, to Azurite's blob service with `--oauth basic`
 * (which checks a token's issuer, audience and expiry, not its signature). No key anywhere.
 */
import type { AccessToken, TokenCredential } from '@azure/identity';
import { BlobServiceClient, newPipeline } from '@azure/storage-blob';
import { createAzureHistoryStore } from '../../lib/history/azureFactory.js';
import { readHistoryStoreSettings } from '../../lib/history/blobSettings.js';
import { HistoryError } from '../../lib/history/codec.js';
import { startAzuriteBlob, type AzuriteBlob } from '../../tools/azurite.js';
import { countRequests, trustCertificate, type Sent } from '../../tools/storagePolicies.js';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** An unsigned JWT that Azurite's basic OAuth check accepts (or not, with another audience). */
function tokenFor(aud: string): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = { aud, iss: 'https://sts.windows.net/00000000-0000-0000-0000-000000000001/' };
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, iat: now, nbf: now - 60, exp: now + 3600 })}.`;
}

function identity(aud = 'https://storage.azure.com') {
  const scopes: string[][] = [];
  const credential: TokenCredential = {
    getToken: (s): Promise<AccessToken> => {
      scopes.push([s].flat());
      return Promise.resolve({ token: tokenFor(aud), expiresOnTimestamp: Date.now() + 3600e3 });
    },
  };
  return { credential, scopes };
}

let azurite: AzuriteBlob;

beforeAll(async () => {
  azurite = await startAzuriteBlob({ https: true });
  const { credential } = identity();
  const pipeline = newPipeline(credential);
  pipeline.factories.push(trustCertificate(azurite.ca!));
  await new BlobServiceClient(azurite.serviceUri, pipeline).getContainerClient('history').create();
}, 60_000);
afterAll(() => azurite?.stop());

const settings = () =>
  readHistoryStoreSettings({
    HistoryStore__blobServiceUri: azurite.serviceUri,
    HistoryStore__credential: 'managedidentity',
    HistoryStore__clientId: '11111111-1111-1111-1111-111111111111',
  });

describe('Azure history store with the managed identity (Azurite over https, OAuth)', () => {
  it('reads and writes with a storage-audience bearer token, one request each', async () => {
    const { credential, scopes } = identity();
    const sent: Sent[] = [];
    const store = createAzureHistoryStore(settings(), () => Promise.resolve(credential), {
      policies: [trustCertificate(azurite.ca!), countRequests(sent)],
    });
    await expect(store.read('shop/web/orders')).resolves.toBeUndefined();
    await store.write('shop/web/orders', '{"v":1}');
    await expect(store.read('shop/web/orders')).resolves.toBe('{"v":1}');
    expect(sent.map((s) => `${s.method} ${s.status}`)).toEqual(['GET 404', 'PUT 201', 'GET 206']);
    expect(new Set(scopes.flat())).toEqual(new Set(['https://storage.azure.com/.default']));
  });

  it('a token for another audience is refused, and the error names status and code only', async () => {
    const { credential } = identity('https://management.azure.com');
    const store = createAzureHistoryStore(settings(), () => Promise.resolve(credential), {
      policies: [trustCertificate(azurite.ca!)],
    });
    const err = (await store.read('k').catch((e: unknown) => e)) as Error;
    expect(err).toEqual(new HistoryError('history read failed: 403 AuthenticationFailed'));
  });

  it('without a blob service URI it says which setting is missing', async () => {
    const store = createAzureHistoryStore(readHistoryStoreSettings({}), () =>
      Promise.reject(new Error('no identity here')),
    );
    await expect(store.read('k')).rejects.toThrow('HistoryStore__blobServiceUri is not set');
  });
});
