/** `business-scaler` entry point: parse, run once or in a loop, print, exit with a documented code. */
import { parseSettings } from '../config.js';
import { openAppRuntime, runApp, type AppRuntime } from '../app/runtime.js';
import { allSkipped, fleetFailure, isFleetReport } from '../app/invocation.js';
import { formatFleetSummary } from '../fleet/fleet.js';
import { formatSummary, type RunReport } from '../reconcile/report.js';
import { parseCommand, UsageError, USAGE, type ReconcileCommand } from './args.js';
import { runExplain } from './explain.js';
import { runFromKeda } from './fromKeda.js';
import { runSimulate } from './simulate.js';
import { runBacktestCommand } from './backtest.js';
import { stopOnSignalOrOrphan } from './lifetime.js';
import { formatTable } from './table.js';
import { toInert, toInertJson, toInertLines } from '../util/inert.js';
import { createHeartbeat } from './heartbeat.js';
import { formatVersion } from './version.js';

/** 4: every run of the invocation found its shard's lease held by another run (nothing done). */
export const EXIT = { ok: 0, runFailed: 1, usage: 2, resourceProblems: 3, leaseHeld: 4 } as const;

interface Io {
  out(text: string): void;
  err(text: string): void;
}

// The last guard: no control sequence from status, a spec or a body reaches the terminal.
const stdio: Io = {
  out: (t) => process.stdout.write(toInertLines(t) + '\n'),
  err: (t) => process.stderr.write(toInertLines(t) + '\n'),
};

function exitCodeOf(report: RunReport): number {
  if (fleetFailure(report) !== undefined) return EXIT.runFailed;
  if (allSkipped(report)) return EXIT.leaseHeld;
  const s = report.summary;
  const clusterDown =
    isFleetReport(report) && report.clusters.some((c) => !c.ok || c.report?.skipped);
  const problems = s.invalid + s.error + s.held + s.skipped;
  return clusterDown || problems > 0 ? EXIT.resourceProblems : EXIT.ok;
}

async function runOnce(runtime: AppRuntime, cmd: ReconcileCommand, io: Io): Promise<number> {
  const log = { info: () => undefined, warn: (l: string) => io.err(toInert(l)) };
  try {
    // --once: a fresh process, it watches a held Lease for a sign of life (lib/lease/watch.ts)
    const waitForLease = cmd.everyMs === undefined;
    const opts = { dryRun: cmd.dryRun, name: cmd.name, shard: cmd.shard, waitForLease };
    const { report } = await runApp(runtime, log, opts);
    io.out(
      cmd.output === 'json' ? toInertJson(JSON.stringify(report, null, 2)) : formatTable(report),
    );
    io.err(toInert(isFleetReport(report) ? formatFleetSummary(report) : formatSummary(report)));
    if (cmd.name !== undefined && report.resources.length === 0) {
      io.err(`no BusinessScaling named "${cmd.name}"`);
      return EXIT.resourceProblems;
    }
    return exitCodeOf(report);
  } catch (err) {
    io.err(`run failed: ${toInert(err instanceof Error ? err.message : String(err))}`);
    return EXIT.runFailed;
  }
}

/** Runs until `signal` aborts; each tick starts `everyMs` after the previous one started. */
async function runLoop(runtime: AppRuntime, cmd: ReconcileCommand, io: Io, signal: AbortSignal) {
  let last: number = EXIT.ok;
  const beat = createHeartbeat(cmd.heartbeatFile, (line) => io.err(line));
  beat(); // the loop is alive before its first run ends
  while (!signal.aborted) {
    const started = Date.now();
    last = await runOnce(runtime, cmd, io);
    beat();
    if (signal.aborted) break; // stopped during the run: no wait for the next tick
    const wait = Math.max(0, (cmd.everyMs ?? 0) - (Date.now() - started));
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, wait);
      signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
    });
  }
  return last === EXIT.runFailed ? EXIT.runFailed : EXIT.ok;
}

export async function main(argv: readonly string[], io: Io = stdio): Promise<number> {
  let cmd;
  try {
    cmd = parseCommand(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`${err.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (cmd.command === 'help') {
    io.out(USAGE);
    return EXIT.ok;
  }
  if (cmd.command === 'version') {
    io.out(formatVersion());
    return EXIT.ok;
  }
  if (cmd.command === 'simulate') return runSimulate(cmd, io);
  if (cmd.command === 'from-keda') return runFromKeda(cmd, io);
  if (cmd.command === 'backtest') return runBacktestCommand(cmd, io);
  let runtime: AppRuntime;
  try {
    const settings = parseSettings();
    // An explicit kubeconfig/context wins; otherwise AKS_CLUSTERS / AKS_SERVER, else KUBECONFIG.
    const explicit = cmd.kubeconfig !== undefined || cmd.context !== undefined;
    const cluster = explicit ? { kubeconfig: cmd.kubeconfig, context: cmd.context } : undefined;
    runtime = await openAppRuntime(settings, cluster);
  } catch (err) {
    io.err(`cannot start: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.runFailed;
  }
  if (cmd.command === 'explain') return runExplain(runtime, cmd, io);
  if (cmd.everyMs === undefined) return runOnce(runtime, cmd, io);
  const stop = new AbortController();
  const release = stopOnSignalOrOrphan(() => {
    if (!stop.signal.aborted) io.err('stopping after the run in flight');
    stop.abort();
  });
  try {
    return await runLoop(runtime, cmd, io, stop.signal);
  } finally {
    release();
  }
}
