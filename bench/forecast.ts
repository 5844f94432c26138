/**
 * `npm run bench:forecast`: the CPU one forecast costs a resource in a run. Each resource has
 * `--days` of 5-minute history (a daily and weekly shape with noise); a run forecasts it from
 * scratch (season detection, the model choice by rolling backtest, the forecast), as a run
 * that keeps nothing in memory would. Prints per-forecast CPU (min / median / max over
 * `--runs` rounds of `--resources` resources) and the history's bytes per resource.
 *   options: --days D (14) --resources N (1000) --runs R (5)
 */
import { parseArgs } from 'node:util';
import { forecastMetric } from '../lib/forecast/forecaster.js';
import { encodeHistory } from '../lib/history/codec.js';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '14' },
    resources: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '5' },
  },
});
const STEP = 300;
const days = Number(values.days);
const n = Number(values.resources);
const log = (line: string) => process.stdout.write(line + '\n');

function history(seed: number): number[] {
  const perDay = 86_400 / STEP;
  return Array.from({ length: days * perDay }, (_, i) => {
    const hour = ((i % perDay) / perDay) * 24;
    const weekend = Math.floor(i / perDay) % 7 >= 5 ? 0.6 : 1;
    const noise = ((i * 7919 + seed * 104_729) % 41) - 20;
    return Math.max(
      0,
      Math.round(20 + 100 * weekend * Math.max(0, Math.sin(((hour - 6) / 12) * Math.PI)) + noise),
    );
  });
}

const series = Array.from({ length: n }, (_, i) => history(i));
const now = Date.UTC(2026, 0, 15) / 1000;
const perForecast: number[] = [];
for (let r = 0; r < Number(values.runs); r++) {
  const before = process.cpuUsage();
  let ready = 0;
  for (const values of series) {
    const f = forecastMetric({
      values,
      stepSeconds: STEP,
      nowSeconds: now + r * STEP,
      leadSeconds: 2 * STEP,
      periodSeconds: STEP,
      maxError: 0.5,
    });
    if (f.status === 'ready') ready++;
  }
  const used = process.cpuUsage(before);
  perForecast.push((used.user + used.system) / 1000 / n);
  log(
    `run ${r + 1}: ${n} forecasts (${ready} ready), ${((used.user + used.system) / 1000 / 1000).toFixed(2)} s CPU`,
  );
}
const sorted = [...perForecast].sort((a, b) => a - b);
const ms = (x: number) => x.toFixed(2);
log(
  `CPU per forecast over ${days} days of 5-minute history: min ${ms(sorted[0]!)} ms, median ${ms(sorted[Math.floor(sorted.length / 2)]!)} ms, max ${ms(sorted.at(-1)!)} ms`,
);
log(
  `history per resource: ${encodeHistory({ stepSeconds: STEP, endSeconds: now, values: series[0]! }).length} bytes for ${series[0]!.length} points`,
);
