/** Command-line parsing for `business-scaler`. Pure: returns a command or a usage error. */
import { parseArgs } from 'node:util';
import { parseShard, type Shard } from '../shard/shard.js';
import { EXPLAIN_USAGE, parseExplainArgs, type ExplainCommand } from './explain.js';
import { FROM_KEDA_USAGE, parseFromKedaArgs, type FromKedaCommand } from './fromKeda.js';
import { parseSimulateArgs, SIMULATE_USAGE, type SimulateCommand } from './simulateArgs.js';
import { BACKTEST_USAGE, parseBacktestArgs, type BacktestCommand } from './backtestArgs.js';

export type Output = 'table' | 'json';

export interface ReconcileCommand {
  readonly command: 'reconcile';
  /** undefined → once. */
  readonly everyMs?: number;
  readonly dryRun: boolean;
  readonly name?: string;
  readonly output: Output;
  readonly kubeconfig?: string;
  readonly context?: string;
  /** `--shard i/n`: only this shard, under its lease; default every shard of `SHARDS`. */
  readonly shard?: Shard;
  /** `--heartbeat-file <path>`: rewritten after every run of the loop (lib/cli/heartbeat.ts). */
  readonly heartbeatFile?: string;
}

export type Command =
  | ReconcileCommand
  | SimulateCommand
  | BacktestCommand
  | ExplainCommand
  | FromKedaCommand
  | { readonly command: 'help' }
  | { readonly command: 'version' };

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `usage: business-scaler reconcile [--once | --every <duration>] [--dry-run]
                          [--name <resource>] [--output table|json]
                          [--kubeconfig <path>] [--context <name>] [--shard <i/n>]
                          [--heartbeat-file <path>]
       business-scaler --version

  --once              reconcile every BusinessScaling once and exit (default)
  --every <duration>  reconcile in a loop, e.g. 30s, 1m, 500ms; SIGTERM/SIGINT stop it cleanly
  --dry-run           compute and report, change nothing (no scale, status or event writes)
  --name <resource>   only this BusinessScaling
  --output table|json the report format (default table)
  --kubeconfig, --context  cluster access (default: KUBECONFIG, ~/.kube/config, in-cluster)
  --shard <i/n>       only the BusinessScalings of shard i of n (FNV-1a of the name mod n),
                      e.g. 0/4; default: every shard of SHARDS (1). Each shard is written under
                      its own Lease, so two runs of one shard never write at once
  --heartbeat-file <path>  with --every: rewrite this file after every run (for a liveness probe)

${SIMULATE_USAGE}

${BACKTEST_USAGE}

${EXPLAIN_USAGE}

${FROM_KEDA_USAGE}

exit codes: 0 every resource reconciled; 1 the run failed (cannot reach, authenticate or list);
            2 usage error; 3 the run completed but a resource is invalid, held or in error (or
            skipped: the lease was lost mid-run, or one of several shards/clusters was held);
            4 another run holds the shard's lease: nothing was read or written`;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(raw.trim());
  const ms = m ? Number(m[1]) * (UNITS[m[2]!] ?? NaN) : NaN;
  if (!Number.isFinite(ms) || ms < 100) {
    throw new UsageError(`invalid duration "${raw}" (examples: 500ms, 30s, 5m; at least 100ms)`);
  }
  return Math.round(ms);
}

export function parseCommand(argv: readonly string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    return { command: 'help' };
  }
  if (command === '--version' || command === 'version') return { command: 'version' };
  if (command === 'simulate') {
    try {
      return parseSimulateArgs(rest);
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
  }
  if (command === 'backtest') {
    try {
      return parseBacktestArgs(rest);
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
  }
  if (command === 'explain') {
    try {
      return parseExplainArgs(rest);
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
  }
  if (command === 'from-keda') {
    try {
      return parseFromKedaArgs(rest);
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
  }
  if (command !== 'reconcile') throw new UsageError(`unknown command "${command}"`);
  let values;
  try {
    ({ values } = parseArgs({
      args: [...rest],
      strict: true,
      options: {
        once: { type: 'boolean' },
        every: { type: 'string' },
        'dry-run': { type: 'boolean' },
        name: { type: 'string' },
        output: { type: 'string', short: 'o' },
        kubeconfig: { type: 'string' },
        context: { type: 'string' },
        shard: { type: 'string' },
        'heartbeat-file': { type: 'string' },
      },
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.once && values.every !== undefined)
    throw new UsageError('--once and --every exclude each other');
  if (values['heartbeat-file'] !== undefined && values.every === undefined)
    throw new UsageError('--heartbeat-file needs --every');
  const output = values.output ?? 'table';
  if (output !== 'table' && output !== 'json')
    throw new UsageError('--output must be table or json');
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (typeof shard === 'string') throw new UsageError(shard);
  return {
    command: 'reconcile',
    everyMs: values.every === undefined ? undefined : parseDuration(values.every),
    dryRun: values['dry-run'] === true,
    name: values.name,
    output,
    kubeconfig: values.kubeconfig,
    context: values.context,
    ...(shard !== undefined && { shard }),
    ...(values['heartbeat-file'] !== undefined && { heartbeatFile: values['heartbeat-file'] }),
  };
}
