/**
 * A whole run: lease → list → per resource in parallel (bounded) → report. Only a failed list
 * (or a Lease that cannot be read or written) fails it. A run that writes holds its (cluster,
 * shard)'s lease throughout (lib/lease); a dry run takes none.
 */
import { createLimiter, mapLimit } from '../util/limit.js';
import { inShard, type Shard } from '../shard/shard.js';
import { createScales } from '../scales/scales.js';
import { processHolderIdentity } from '../lease/identity.js';
import { runWithWriteGate } from '../kube/writeGate.js';
import { createRunGate } from '../lease/runGate.js';
import { processLeaseWatch } from '../lease/watch.js';
import { leaseTiming, writeLifetimeMs } from '../lease/writeBound.js';
import { withShardLease, type HeldLease, type LeaseSkip } from '../lease/shardLease.js';
import { readPreviousRunOf } from '../record/previousRun.js';
import { unvouchedOf } from '../record/vouch.js';
import { createLostLog } from '../record/lost.js';
import { toUnixSeconds } from '../behavior/history.js';
import { listScalersOrNone, toInternalError } from './failures.js';
import { createPrefetch } from './prefetch.js';
import { ClaimIndex, describeWorkload } from './claims.js';
import { createRunSources } from './reader.js';
import { readListing } from './listing.js';
import { reconcileOne } from './one.js';
import { formatResourceLine, summarize, type ResourceReport, type RunReport } from './report.js';
import type { RunDeps, RunOptions } from './runTypes.js';

export type { Logger, RunDeps, RunOptions } from './runTypes.js';

const WHOLE: Shard = { index: 0, count: 1 };

export async function reconcileAll(deps: RunDeps, opts: RunOptions = {}): Promise<RunReport> {
  const clock = deps.now ?? (() => new Date());
  const s = deps.settings;
  const started = clock();
  const shard = opts.shard ?? WHOLE;
  const watch = deps.leaseWatch ?? processLeaseWatch();
  const startedAt = watch.monotonic();
  if (opts.dryRun === true) {
    const dry = { canWrite: () => true, refusal: () => undefined };
    return reconcileShard(deps, opts, started, dry);
  }
  const config = {
    lock: deps.kube,
    namespace: s.leaseNamespace,
    timing: leaseTiming(s),
    identity: deps.leaseIdentity ?? processHolderIdentity(),
    now: () => clock().getTime(),
    watch,
    ...(opts.waitForLease !== true && { maxWaitMs: 0 }),
  };
  // A run of the whole shard records, when it ends, its run record in the Lease; one name does not.
  const runAt = opts.name === undefined ? toUnixSeconds(started) : undefined;
  const held = await withShardLease(
    config,
    shard,
    (lease) => {
      // Every write request checks this when it is sent (lib/kube/writeGate.ts).
      const gate = createRunGate(
        () => lease.refusal(),
        watch.monotonic,
        startedAt,
        s.runDeadlineSeconds,
      );
      return runWithWriteGate(gate, () =>
        reconcileShard(deps, opts, started, lease, runAt !== undefined),
      );
    },
    runAt,
  );
  return held.ok ? held.value : skippedRun(clock(), held.skip);
}

/** The report of a run that found its lease held: nothing read, nothing written. */
function skippedRun(started: Date, skip: LeaseSkip): RunReport {
  return {
    startedAt: started.toISOString(),
    durationMs: 0,
    dryRun: false,
    summary: summarize([]),
    resources: [],
    skipped: skip,
  };
}

async function reconcileShard(
  deps: RunDeps,
  opts: RunOptions,
  started: Date,
  lease: HeldLease,
  settle = false,
): Promise<RunReport> {
  const startedMs = performance.now();
  const warnings: string[] = [];
  // Run-wide problems and failed events (an event-only failure is a warning, not an error).
  const warn = (line: string) => {
    warnings.push(line);
    deps.log.warn(line);
  };
  // Said only once the run got its list: a down API server fails the run with one message.
  const scalerWarnings: string[] = [];
  const scalers = listScalersOrNone(deps.kube, (line) => scalerWarnings.push(line));
  // Conflicts are found over every resource (all shards), from a compact index filled page by
  // page; the run covers `items` (the one named, or all, of its shard), each dropped once done.
  const wanted = (name: string) =>
    (opts.name === undefined || name === opts.name) && inShard(name, opts.shard);
  const s = deps.settings;
  const kubeLimit = createLimiter(s.kubeConcurrency);
  const { metrics, promHistory } = createRunSources(deps, kubeLimit);
  // Metric reads start as the pages arrive; decisions wait for the whole list (prefetch.ts).
  const external = new Set<string>();
  const ready = scalers.then((list) =>
    list.forEach((e) => external.add(describeWorkload(e.target.kind, e.namespace, e.target.name))),
  );
  const conflicts = new ClaimIndex();
  const prefetch = createPrefetch((source) => metrics.read(source), s.metricConcurrency, {
    ready,
    skip: ({ obj }) => conflicts.heldSoFar(obj.metadata.name, external),
  });
  const { items } = await readListing(
    deps.kube,
    wanted,
    (item) => prefetch.add(item),
    conflicts,
  ).catch(async (e: unknown) => {
    await Promise.all([scalers, prefetch.stop()]); // nothing left running past a failed run
    throw e;
  });
  conflicts.addExternals(await scalers);
  // The previous run as far as it can be trusted (lib/record/runMarker.ts); a dry run reads it
  // without a Lease (after the list: an unreachable API server costs one attempt).
  const { previousRun, unvouched, lost } = await readPreviousRunOf({
    lock: deps.kube,
    namespace: s.leaseNamespace,
    shard: opts.shard ?? WHOLE,
    margin: s.leaseDurationSeconds,
    ...(opts.dryRun !== true && { held: lease }),
  });
  scalerWarnings.forEach(warn);
  // Targets' replicas in bulk where many share a namespace; their LISTs start now.
  const targets = items.flatMap((i) => (i?.parsed.ok === true ? [i.parsed.spec.target] : []));
  const scales = createScales({ kube: deps.kube, limit: kubeLimit, warn }, targets);
  const lostLog = createLostLog();
  const ctx = {
    kube: deps.kube,
    metrics,
    scales,
    kubeLimit,
    now: started,
    clock: deps.now ?? (() => new Date()),
    writeLifetimeMs: opts.writeLifetimeMs ?? writeLifetimeMs(s),
    clockMarginMs: opts.clockMarginMs ?? s.clockSkewSeconds * 1000,
    dryRun: opts.dryRun === true,
    warn,
    conflicts,
    canWrite: () => lease.canWrite(),
    ...(previousRun !== undefined && { previousRun }),
    ...(unvouched !== undefined && { unvouched }),
    ...(lost !== undefined && { lost }),
    noteLost: lostLog.note,
    settle,
    beside: { get: (name: string) => conflicts.beside(name) },
    decisionHistory: s.decisionHistory,
    explain: opts.name !== undefined,
    history: deps.history,
    promHistory,
    historyStepSeconds: s.historyStepSeconds,
    forecastChoices: deps.forecastChoices,
  };
  // Bounded, so memory does not grow with N: enough in flight to keep both limits busy.
  const inFlight = 2 * (s.metricConcurrency + s.kubeConcurrency);
  const resources: ResourceReport[] = await mapLimit(items, inFlight, ({ obj, parsed }) =>
    reconcileOne(ctx, obj, parsed).catch((err: unknown) => toInternalError(obj.metadata.name, err)),
  );
  await prefetch.stop(); // reads of resources the run did not need (held, skipped) end here too
  // Every resource is decided by now: the run vouches for those whose record it knows landed.
  const unvouchedNow = unvouchedOf(resources);
  lease.finish?.(toUnixSeconds(ctx.clock()), unvouchedNow, lostLog.of(unvouchedNow));
  for (const r of resources) {
    const line = formatResourceLine(r);
    if (r.action !== 'scaled' && r.action !== 'unchanged') deps.log.warn(line);
    else deps.log.info(line);
  }
  return {
    startedAt: started.toISOString(),
    durationMs: Math.round(performance.now() - startedMs),
    dryRun: ctx.dryRun,
    summary: summarize(resources),
    resources,
    ...(warnings.length > 0 && { warnings }),
  };
}
