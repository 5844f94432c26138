/**
 * A metric series in CSV: header `time,<metric names…>`, one row per tick. `time` is seconds
 * from `start` or an ISO 8601 timestamp (all rows alike). An empty cell is a failed read.
 */

export interface SeriesRow {
  /** As written in the file (seconds as a number, ISO as the string). */
  readonly time: number | string;
  /** Epoch milliseconds of the tick. */
  readonly at: number;
  readonly values: Readonly<Record<string, number | undefined>>;
}

export interface Series {
  readonly names: readonly string[];
  readonly rows: readonly SeriesRow[];
}

export class SeriesError extends Error {
  override name = 'SeriesError';
}

const SECONDS = /^\d+(\.\d+)?$/;

function parseTime(
  raw: string,
  line: number,
  startMs: number,
): { time: number | string; at: number } {
  if (SECONDS.test(raw)) return { time: Number(raw), at: startMs + Number(raw) * 1000 };
  const at = /^\d{4}-\d{2}-\d{2}T/.test(raw) ? Date.parse(raw) : NaN;
  if (!Number.isFinite(at)) {
    throw new SeriesError(`line ${line}: time must be seconds or an ISO 8601 timestamp`);
  }
  return { time: raw, at };
}

function parseValue(raw: string, line: number, name: string): number | undefined {
  if (raw === '') return undefined;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < 0) {
    throw new SeriesError(`line ${line}: ${name} must be a number >= 0 or empty (a failed read)`);
  }
  return v;
}

export function parseSeries(text: string, startMs = 0): Series {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const header = lines[0]?.split(',').map((c) => c.trim()) ?? [];
  if (header[0] !== 'time' || header.length < 2) {
    throw new SeriesError('line 1: the header must be time,<metric names…>');
  }
  const names = header.slice(1);
  const rows: SeriesRow[] = [];
  lines.slice(1).forEach((l, i) => {
    if (l === '' || l.startsWith('#')) return;
    const line = i + 2;
    const cells = l.split(',').map((c) => c.trim());
    if (cells.length !== header.length) {
      throw new SeriesError(`line ${line}: expected ${header.length} cells, got ${cells.length}`);
    }
    const { time, at } = parseTime(cells[0]!, line, startMs);
    const values: Record<string, number | undefined> = {};
    names.forEach((n, k) => (values[n] = parseValue(cells[k + 1]!, line, n)));
    const prev = rows.at(-1);
    if (prev !== undefined && at <= prev.at)
      throw new SeriesError(`line ${line}: time must increase`);
    rows.push({ time, at, values });
  });
  if (rows.length === 0) throw new SeriesError('the series has no rows');
  return { names, rows };
}
