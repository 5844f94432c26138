/**
 * The history source a process's runs use for `spec.forecast`, from its settings: the app's own
 * Azure Storage (`HistoryStore__blobServiceUri`, identity-based as the queue) when set, else the
 * file store under `HISTORY_DIR`; none when neither is set (the forecast then says so).
 */
import type { Settings } from '../settingsTypes.js';
import { createAzureHistoryStore } from './azureFactory.js';
import { createFileHistoryStore } from './fileStore.js';
import type { HistorySource } from './source.js';
import { createStoreHistorySource } from './storeSource.js';

export function createHistorySource(
  settings: Pick<Settings, 'historyDir' | 'historyStore'>,
): HistorySource | undefined {
  if (settings.historyStore.blobServiceUri !== undefined) {
    return createStoreHistorySource(createAzureHistoryStore(settings.historyStore));
  }
  if (settings.historyDir !== undefined) {
    return createStoreHistorySource(createFileHistoryStore(settings.historyDir));
  }
  return undefined;
}
