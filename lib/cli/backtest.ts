/** Runs `business-scaler backtest`: a demand series and specs in; scores (table, JSON, SVG) out. */
import { readFileSync, writeFileSync } from 'node:fs';
import { crudeReference, perfectReference } from '../backtest/references.js';
import { toScoreJson, toScoreTable } from '../backtest/render.js';
import { runBacktest, type BacktestEntry } from '../backtest/run.js';
import { toBacktestSvg } from '../backtest/svg.js';
import { leadOf } from '../forecast/settings.js';
import { formatFieldErrors } from '../reconcile/outcome.js';
import { parseSeries, type Series } from '../simulate/series.js';
import { parseScaling } from '../spec/parse.js';
import type { BacktestCommand } from './backtestArgs.js';
import { readPromSeries } from './backtestProm.js';
import { readResource } from './simulate.js';

interface Io {
  out(text: string): void;
  err(text: string): void;
}

function readEntry(path: string): BacktestEntry {
  const doc = readResource(path);
  const parsed = parseScaling(doc.spec);
  if (!parsed.ok) throw new Error(`${path}: invalid spec: ${formatFieldErrors(parsed.errors)}`);
  const name = doc.metadata?.name ?? path;
  const { forecast } = parsed.spec;
  return { name, spec: parsed.spec, ...(forecast && { forecast }) };
}

/** The series' step; every row must be one step after the previous. */
function stepOf(series: Series): number {
  const rows = series.rows;
  if (rows.length < 3) throw new Error('the series needs at least 3 rows');
  const step = rows[1]!.at - rows[0]!.at;
  rows.forEach((r, i) => {
    if (i > 0 && r.at - rows[i - 1]!.at !== step) {
      throw new Error(`row ${i + 1}: every row must be one step (${step / 1000} s) after the last`);
    }
  });
  return step / 1000;
}

function withReferences(
  cmd: BacktestCommand,
  entries: BacktestEntry[],
  step: number,
  startup: number,
) {
  const base = entries.find((e) => e.forecast === undefined) ?? entries[0]!;
  const plain = { name: base.name, spec: base.spec };
  const lead = Math.ceil(
    leadOf({ mode: 'Active', podStartupSeconds: startup, maxError: 1 }, step) / step,
  );
  const refs: Record<string, BacktestEntry> = {
    reactive: { ...plain, name: 'reactive' },
    crude: { ...plain, name: 'crude (reference)', reference: crudeReference(step) },
    perfect: {
      ...plain,
      name: 'perfect (reference)',
      reference: perfectReference(Math.ceil(startup / step), lead),
    },
  };
  return [...entries, ...cmd.references.map((r) => refs[r]!)];
}

/** The demand series: a CSV file, or a Prometheus range query (summary on stderr). */
async function readInput(cmd: BacktestCommand, first: BacktestEntry, io: Io, env: Env) {
  if (cmd.series !== undefined) {
    return { series: parseSeries(readFileSync(cmd.series, 'utf8')), from: cmd.series };
  }
  const input = cmd.prometheus!;
  const metric = input.metric ?? first.spec.metrics[0]?.name ?? 'demand';
  const { series, summary } = await readPromSeries(input, metric, env);
  io.err(`backtest: ${summary}`);
  return { series, from: '--prometheus' };
}

type Env = Readonly<Record<string, string | undefined>>;

export async function runBacktestCommand(
  cmd: BacktestCommand,
  io: Io,
  env: Env = process.env,
): Promise<number> {
  try {
    const specs = cmd.specs.map(readEntry);
    const { series, from } = await readInput(cmd, specs[0]!, io, env);
    const step = stepOf(series);
    const startup = cmd.startupSeconds ?? step;
    const entries = withReferences(cmd, specs, step, startup);
    for (const e of entries) {
      const missing = e.spec.metrics.map((m) => m.name).filter((n) => !series.names.includes(n));
      if (missing.length > 0)
        throw new Error(`${from}: no column for metric ${missing.join(', ')}`);
    }
    const scoreFrom = Math.max(0, Math.round((cmd.warmupDays * 86_400) / step) - 1);
    const options = { stepSeconds: step, startupSeconds: startup, scoreFrom };
    const results = entries.map((e) => runBacktest(series, e, options));
    const text =
      cmd.format === 'json'
        ? toScoreJson(results)
        : cmd.format === 'svg'
          ? toBacktestSvg(results)
          : toScoreTable(results);
    if (cmd.out === undefined) io.out(text);
    else {
      writeFileSync(cmd.out, text + '\n');
      io.err(`wrote ${cmd.out}`);
    }
    return 0;
  } catch (err) {
    io.err(`backtest: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
