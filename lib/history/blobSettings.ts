/**
 * Settings of the Azure history store: the identity-based connection `HistoryStore`
 * (`HistoryStore__blobServiceUri`, `HistoryStore__credential=managedidentity`,
 * `HistoryStore__clientId`), as the work queue's, and `HISTORY_CONTAINER`, the blob container
 * (created by infra/app/storage.bicep, where the identity holds Storage Blob Data Contributor).
 */

export interface HistoryStoreSettings {
  /** `HistoryStore__blobServiceUri`: `https://<account>.blob.core.windows.net`; unset = none. */
  readonly blobServiceUri?: string;
  /** `HISTORY_CONTAINER`. */
  readonly container: string;
  /** `HistoryStore__clientId`, else `AZURE_CLIENT_ID`: the user-assigned identity. */
  readonly clientId?: string;
}

export const HISTORY_STORE_DEFAULTS = { container: 'history' } as const;

type Env = Readonly<Record<string, string | undefined>>;

/** Blob container names: 3-63 lowercase letters, digits and single hyphens. */
const CONTAINER_NAME = /^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/;

const read = (env: Env, name: string): string | undefined => {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
};

export function readHistoryStoreSettings(env: Env): HistoryStoreSettings {
  const blobServiceUri = read(env, 'HistoryStore__blobServiceUri');
  if (blobServiceUri !== undefined && !/^https?:\/\/[^?#@\s]+$/.test(blobServiceUri)) {
    throw new Error('setting HistoryStore__blobServiceUri must be http(s)://<host>[/path]');
  }
  const container = read(env, 'HISTORY_CONTAINER') ?? HISTORY_STORE_DEFAULTS.container;
  if (!CONTAINER_NAME.test(container)) {
    throw new Error(`setting HISTORY_CONTAINER: not a blob container name: "${container}"`);
  }
  const credential = read(env, 'HistoryStore__credential');
  if (credential !== undefined && credential !== 'managedidentity') {
    throw new Error(
      `setting HistoryStore__credential must be managedidentity, got "${credential}"`,
    );
  }
  const clientId = read(env, 'HistoryStore__clientId') ?? read(env, 'AZURE_CLIENT_ID');
  return Object.freeze({ blobServiceUri, container, clientId });
}
