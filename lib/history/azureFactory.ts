/**
 * The Azure history store of the settings: a blob container reached with the managed identity
 * (`HistoryStore__blobServiceUri`: no key, no connection string). `@azure/storage-blob` is
 * loaded on first use, so an app without a history store never loads it. No retries in the
 * client: a failed read or write is reported and the next run tries again (a retried
 * conditional write could report the first attempt's success as a conflict).
 */
import type { TokenCredential } from '@azure/identity';
import type { RequestPolicyFactory } from '@azure/storage-blob';
import { lazyCredential } from '../azure/credential.js';
import { createBlobHistoryStore, type BlobStoreOptions } from './blobStore.js';
import type { HistoryStoreSettings } from './blobSettings.js';
import type { HistoryStore } from './port.js';

export interface AzureStoreOptions extends BlobStoreOptions {
  /** Policies appended to the pipeline (tests: a request counter, the emulator's certificate). */
  readonly policies?: readonly RequestPolicyFactory[];
}

export function createAzureHistoryStore(
  settings: HistoryStoreSettings,
  credential: () => Promise<TokenCredential> = lazyCredential(settings.clientId),
  options: AzureStoreOptions = {},
): HistoryStore {
  const uri = settings.blobServiceUri;
  let store: Promise<HistoryStore> | undefined;
  const open = async (): Promise<HistoryStore> => {
    if (uri === undefined) throw new Error('HistoryStore__blobServiceUri is not set');
    const { BlobServiceClient, newPipeline } = await import('@azure/storage-blob');
    const pipeline = newPipeline(await credential(), { retryOptions: { maxTries: 1 } });
    pipeline.factories.push(...(options.policies ?? []));
    const service = new BlobServiceClient(uri, pipeline);
    return createBlobHistoryStore(service.getContainerClient(settings.container), options);
  };
  const opened = () =>
    (store ??= open().catch((e: unknown) => {
      store = undefined;
      throw e;
    }));
  return {
    read: async (key) => (await opened()).read(key),
    write: async (key, encoded) => (await opened()).write(key, encoded),
  };
}
