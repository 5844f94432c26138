/**
 * `business-scaler explain <name>`: the decision record of one BusinessScaling in plain words.
 * It only reads the resource (same kubeconfig/AKS options as `reconcile`); nothing is written.
 */
import { parseArgs } from 'node:util';
import { isFleetRuntime, type AppRuntime } from '../app/runtime.js';
import { explainDecisions } from '../record/explain.js';
import { parseScaling } from '../spec/parse.js';
import { readStateOf } from '../state/read.js';
import { toInert } from '../util/inert.js';

export interface ExplainCommand {
  readonly command: 'explain';
  readonly name: string;
  readonly kubeconfig?: string;
  readonly context?: string;
}

export const EXPLAIN_USAGE = `usage: business-scaler explain <name> [--kubeconfig <path>] [--context <name>]

  prints the last decisions of BusinessScaling <name> (status.decisions) in plain words`;

/** Throws an Error with the usage problem; main turns it into exit code 2. */
export function parseExplainArgs(args: readonly string[]): ExplainCommand {
  const { values, positionals } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: true,
    options: { kubeconfig: { type: 'string' }, context: { type: 'string' } },
  });
  const [name, ...extra] = positionals;
  if (name === undefined || extra.length > 0) throw new Error('explain takes one resource name');
  return { command: 'explain', name, kubeconfig: values.kubeconfig, context: values.context };
}

interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** 0 printed; 1 the cluster could not be read; 3 no such resource. */
export async function runExplain(runtime: AppRuntime, cmd: ExplainCommand, io: Io) {
  if (isFleetRuntime(runtime)) {
    io.err('explain reads one cluster: pass --kubeconfig/--context, or set AKS_SERVER');
    return 1;
  }
  let items;
  try {
    items = await runtime.kube.listScalings();
  } catch (err) {
    io.err(`cannot read BusinessScalings: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  const obj = items.find((o) => o.metadata.name === cmd.name);
  if (obj === undefined) {
    io.err(`BusinessScaling ${cmd.name} not found`);
    return 3;
  }
  const parsed = parseScaling(obj.spec);
  const spec = parsed.ok ? parsed.spec : undefined;
  const { state, warnings } = readStateOf(obj);
  const s = state.report;
  const mode = s.mode === 'Observe' ? ' (Observe mode)' : '';
  const beside = s.beside === undefined ? '' : `, scaled by ${s.beside}`;
  // Status text is anyone's with status write access: printed inert (lib/util/inert.ts).
  io.out(toInert(`BusinessScaling ${cmd.name} → ${s.target ?? '?'}${mode}${beside}`));
  for (const line of explainDecisions(state.decisions, spec)) io.out(toInert(line));
  for (const w of warnings) io.err(`warning: ${w}`);
  return 0;
}
