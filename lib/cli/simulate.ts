/** Runs `business-scaler simulate`: files in, a table / JSON / CSV / SVG out. */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { parsePause } from '../decide/pause.js';
import { toCsv, toJson, toTable } from '../simulate/render.js';
import { replay } from '../simulate/replay.js';
import { parseSeries } from '../simulate/series.js';
import { toSvg } from '../simulate/svg.js';
import { parseScaling } from '../spec/parse.js';
import { formatFieldErrors } from '../reconcile/outcome.js';
import type { SimulateCommand } from './simulateArgs.js';

interface Io {
  out(text: string): void;
  err(text: string): void;
}

export interface ResourceDoc {
  readonly metadata?: { readonly name?: string; readonly annotations?: Record<string, string> };
  readonly spec?: unknown;
}

/** The first document with a `spec` (a BusinessScaling; other kinds in the file are skipped). */
export function readResource(path: string): ResourceDoc {
  const docs = parseAllDocuments(readFileSync(path, 'utf8')).map((d) => d.toJS() as unknown);
  const doc = docs.find(
    (d): d is ResourceDoc => typeof d === 'object' && d !== null && 'spec' in d,
  );
  if (doc === undefined) throw new Error(`${path}: no resource with a spec`);
  return doc;
}

/** Exit code 0, or 1 with one line on stderr (bad file, spec or series). */
export function runSimulate(cmd: SimulateCommand, io: Io): number {
  try {
    const doc = readResource(cmd.spec);
    const parsed = parseScaling(doc.spec);
    if (!parsed.ok)
      throw new Error(`${cmd.spec}: invalid spec: ${formatFieldErrors(parsed.errors)}`);
    const spec = parsed.spec;
    const series = parseSeries(
      readFileSync(cmd.series, 'utf8'),
      cmd.start ? Date.parse(cmd.start) : 0,
    );
    const missing = spec.metrics.map((m) => m.name).filter((n) => !series.names.includes(n));
    if (missing.length > 0)
      throw new Error(`${cmd.series}: no column for metric ${missing.join(', ')}`);
    const ticks = replay(spec, series, {
      initialReplicas: cmd.initialReplicas,
      pause: parsePause(doc.metadata?.annotations),
    });
    const title = `${doc.metadata?.name ?? 'BusinessScaling'}: ${spec.metrics.map((m) => m.name).join(', ')} and replicas`;
    const text =
      cmd.format === 'json'
        ? toJson(ticks)
        : cmd.format === 'csv'
          ? toCsv(ticks)
          : cmd.format === 'svg'
            ? toSvg(ticks, title)
            : toTable(ticks);
    if (cmd.out === undefined) io.out(text);
    else {
      writeFileSync(cmd.out, text + '\n');
      io.err(`wrote ${cmd.out} (${ticks.length} ticks)`);
    }
    return 0;
  } catch (err) {
    io.err(`simulate: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
