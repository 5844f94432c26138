/**
 * Where forecast history lives, per resource and metric (key `namespace/name/metric`). A store
 * holds encoded histories (lib/history/codec.ts) and nothing else; a run writes one only when
 * a new bucket began (`appendReading` says so), never on every run.
 */
export interface HistoryStore {
  /** The encoded history, or undefined when none was written. */
  read(key: string): Promise<string | undefined>;
  write(key: string, encoded: string): Promise<void>;
}
