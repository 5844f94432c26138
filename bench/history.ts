/**
 * `npm run bench:history`: the Azure history store's bounds, measured on Azurite's blob service.
 *   - bytes per metric: a full history (MAX_POINTS buckets) encoded, against HISTORY_MAX_BYTES;
 *   - requests per run per resource: --ticks runs of a 30 s schedule over 5-minute buckets,
 *     counted at the pipeline (a GET a run; a PUT only when a bucket began);
 *   - the time to read (and decode) --keys full histories, one at a time and --concurrency at
 *     once, --runs times (default 5), printed as min–max.
 *   options: --keys n (1000) --concurrency n (32) --runs n (5) --ticks n (120)
 */
import { parseArgs } from 'node:util';
import {
  decodeHistory,
  encodeHistory,
  HISTORY_MAX_BYTES,
  MAX_POINTS,
} from '../lib/history/codec.js';
import { toBlobName } from '../lib/history/blobName.js';
import { createBlobHistoryStore } from '../lib/history/blobStore.js';
import type { HistoryStore } from '../lib/history/port.js';
import { startAzuriteBlob } from '../tools/azurite.js';
import { countRequests, type Sent } from '../tools/storagePolicies.js';
import { observeOnce } from './historyRun.js';

const range = (xs: number[], digits = 0) =>
  `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;

/** Runs `work` over `items`, at most `limit` at once. */
async function pool<T>(items: readonly T[], limit: number, work: (t: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

const fullHistory = (seed: number) =>
  encodeHistory({
    stepSeconds: 300,
    endSeconds: 1_800_000_000,
    values: Array.from({ length: MAX_POINTS }, (_, i) => 50 + 40 * Math.sin((i + seed) / 45)),
  });

async function readAll(store: HistoryStore, keys: readonly string[], limit: number) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  let points = 0;
  await pool(keys, limit, async (key) => {
    const text = await store.read(key); // (await first: `points +=` would read points early)
    points += decodeHistory(text!).values.length;
  });
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, points };
}

async function main(opts: { keys: number; concurrency: number; runs: number; ticks: number }) {
  const azurite = await startAzuriteBlob();
  try {
    const sent: Sent[] = [];
    const container = azurite.containerClient('history', [countRequests(sent)]);
    await container.create();
    const store = createBlobHistoryStore(container);
    console.log(`node ${process.version}; Azurite blob on 127.0.0.1 (in memory)`);

    const bytes = Buffer.byteLength(fullHistory(0));
    console.log(
      `bytes per metric: ${bytes} for ${MAX_POINTS} buckets (bound ${HISTORY_MAX_BYTES})`,
    );

    sent.length = 0;
    let writes = 0;
    for (let t = 0; t < opts.ticks; t++) {
      const r = await observeOnce(store, 'bench/one/orders', 1_800_000_000 + 30 * t, t);
      if (r.wrote) writes++;
    }
    const count = (m: string) => sent.filter((s) => s.method === m).length / opts.ticks;
    console.log(
      `requests per run per resource over ${opts.ticks} runs (30 s schedule, 5-minute buckets): ` +
        `GET ${count('GET').toFixed(2)}, PUT ${count('PUT').toFixed(2)} (${writes} writes)`,
    );

    const texts = Array.from({ length: opts.keys }, (_, i) => fullHistory(i));
    const decodeMs = Array.from({ length: opts.runs }, () => {
      const start = performance.now();
      for (const t of texts) decodeHistory(t);
      return performance.now() - start;
    });
    console.log(`decode alone, ${opts.keys} full histories: ${range(decodeMs)} ms`);

    const keys = Array.from({ length: opts.keys }, (_, i) => `bench/scaling-${i}/orders`);
    // Seeded straight through the container, retried: a reset under load is not what is measured.
    await pool(keys, opts.concurrency, async (key) => {
      const text = fullHistory(key.length);
      const blob = container.getBlockBlobClient(toBlobName(key));
      for (let attempt = 1; ; attempt++) {
        try {
          return void (await blob.upload(text, text.length));
        } catch (err) {
          if (attempt === 3) throw err;
        }
      }
    });
    console.log(`read + decode ${opts.keys} full histories (${opts.runs} runs):`);
    console.log('concurrency | wall ms | ms per key | client CPU ms | MB read');
    for (const limit of [1, opts.concurrency]) {
      const results = [];
      for (let r = 0; r < opts.runs; r++) {
        sent.length = 0;
        results.push(await readAll(store, keys, limit));
        if (results.at(-1)!.points !== opts.keys * MAX_POINTS) throw new Error('short read');
      }
      const mb = sent.reduce((a, s) => a + s.length, 0) / 1e6;
      const perKey = results.map((x) => x.ms / opts.keys);
      console.log(
        `${limit} | ${range(results.map((x) => x.ms))} | ${range(perKey, 2)} | ` +
          `${range(results.map((x) => x.cpuMs))} | ${mb.toFixed(1)}`,
      );
    }
  } finally {
    await azurite.stop();
  }
}

const { values } = parseArgs({
  options: {
    keys: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '32' },
    runs: { type: 'string', default: '5' },
    ticks: { type: 'string', default: '120' },
  },
});
await main({
  keys: Number(values.keys),
  concurrency: Number(values.concurrency),
  runs: Number(values.runs),
  ticks: Number(values.ticks),
});
