/**
 * `npm run bench:flights`: builds the flight series of docs/forecast.md from `vega-datasets`
 * (`data/flights-3m.parquet`: every US domestic flight, January to June 2001, 3 million rows).
 * Writes CSVs (`time,departures`, ISO 8601 times) to --out (default `.flights/`, gitignored):
 *   national-5m.csv        departures per 5 minutes, all origins (52,128 points)
 *   <ORIGIN>-15m.csv       departures per 15 minutes from each of the five busiest origins
 * The parquet timestamps carry no zone; they are read as UTC (the series only needs their order).
 *   options: --out DIR (.flights) --top N (5)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

const { values } = parseArgs({
  options: { out: { type: 'string', default: '.flights' }, top: { type: 'string', default: '5' } },
});
const START = Date.UTC(2001, 0, 1);
const END = Date.UTC(2001, 6, 1);
const log = (line: string) => process.stdout.write(line + '\n');

/** Counts per bucket of `stepMs` from START to END. */
function countBuckets(times: readonly number[], stepMs: number): number[] {
  const counts = new Array<number>(Math.round((END - START) / stepMs)).fill(0);
  for (const t of times) {
    const i = Math.floor((t - START) / stepMs);
    if (i >= 0 && i < counts.length) counts[i]! += 1;
  }
  return counts;
}

function toCsv(counts: readonly number[], stepMs: number): string {
  const lines = counts.map((c, i) => `${new Date(START + i * stepMs).toISOString()},${c}`);
  return ['time,departures', ...lines].join('\n') + '\n';
}

function describe(name: string, counts: readonly number[]): string {
  const sum = counts.reduce((a, b) => a + b, 0);
  const mean = (sum / counts.length).toFixed(1);
  return `${name}: ${counts.length} points, mean ${mean}, peak ${Math.max(...counts)}`;
}

const require = createRequire(import.meta.url);
// The package exports only its index; the data sit beside it.
const path = join(dirname(dirname(require.resolve('vega-datasets'))), 'data', 'flights-3m.parquet');
const started = Date.now();
const file = await asyncBufferFromFile(path);
const rows = (await parquetReadObjects({ file, columns: ['date', 'origin'], compressors })) as {
  date: Date;
  origin: string;
}[];
log(`read ${rows.length} flights in ${((Date.now() - started) / 1000).toFixed(1)} s`);

mkdirSync(values.out, { recursive: true });
const write = (name: string, counts: readonly number[], stepMs: number) => {
  writeFileSync(join(values.out, name), toCsv(counts, stepMs));
  log(describe(join(values.out, name), counts));
};
const FIVE = 5 * 60_000;
const FIFTEEN = 15 * 60_000;
write(
  'national-5m.csv',
  countBuckets(
    rows.map((r) => r.date.getTime()),
    FIVE,
  ),
  FIVE,
);

const byOrigin = new Map<string, number[]>();
for (const r of rows) {
  const list = byOrigin.get(r.origin) ?? [];
  list.push(r.date.getTime());
  byOrigin.set(r.origin, list);
}
const busiest = [...byOrigin.entries()]
  .sort((a, b) => b[1].length - a[1].length)
  .slice(0, Number(values.top));
for (const [origin, times] of busiest) {
  write(`${origin}-15m.csv`, countBuckets(times, FIFTEEN), FIFTEEN);
}
