/** Backtest output: a table of scores (and each against the first), or JSON. */
import type { BacktestResult } from './run.js';

const fixed = (x: number, d = 0) =>
  x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

/**
 * Shortfall against reactive's and pod-hours against the perfect reference's when those were
 * asked for (`--reference reactive,perfect`), else both against the first spec.
 */
export function toScoreTable(results: readonly BacktestResult[]): string {
  const first = results[0]?.score;
  const reactive = results.find((r) => r.name === 'reactive')?.score ?? first;
  const perfect = results.find((r) => r.name === 'perfect (reference)')?.score ?? first;
  const underOf = reactive === first ? '× first' : '× reactive';
  const hoursOf = perfect === first ? '× first' : '× perfect';
  const header = ['spec', 'under pod-min', underOf, 'pod-hours', hoursOf, 'flaps', 'worst'];
  const rows = results.map((r) => {
    const s = r.score;
    const under =
      reactive && reactive.underPodMinutes > 0 ? s.underPodMinutes / reactive.underPodMinutes : 0;
    const hours = perfect && perfect.podHours > 0 ? s.podHours / perfect.podHours : 0;
    return [
      r.name,
      fixed(s.underPodMinutes),
      fixed(under, 3),
      fixed(s.podHours),
      fixed(hours, 3),
      String(s.flaps),
      fixed(s.worstShortfall, 1),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** Scores, and the models each forecasting spec used (ticks per model). */
export function toScoreJson(results: readonly BacktestResult[]): string {
  const out = results.map((r) => {
    const models: Record<string, number> = {};
    for (const f of r.forecasts) {
      const key = f === undefined ? 'none' : f.status === 'ready' ? f.model : f.status;
      models[key] = (models[key] ?? 0) + 1;
    }
    return { name: r.name, score: r.score, ...(r.forecasts.length > 0 && { forecasts: models }) };
  });
  return JSON.stringify({ results: out }, null, 2);
}
