/**
 * The history source a process's runs use for `spec.forecast`, from its settings: the file
 * store under `HISTORY_DIR`; none when it is not set (the forecast then says so). Other stores
 * (Azure Storage) add their case here.
 */
import type { Settings } from '../settingsTypes.js';
import { createFileHistoryStore } from './fileStore.js';
import type { HistorySource } from './source.js';
import { createStoreHistorySource } from './storeSource.js';

export function createHistorySource(
  settings: Pick<Settings, 'historyDir'>,
): HistorySource | undefined {
  if (settings.historyDir !== undefined) {
    return createStoreHistorySource(createFileHistoryStore(settings.historyDir));
  }
  return undefined;
}
