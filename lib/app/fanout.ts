/**
 * The queue fan-out, wired to the app runtime (lib/fanout has the parts): a tick sends one
 * message per (cluster, shard); a message runs that cluster's shard through the same run as
 * the timer (`runApp` with `{ shard }`, which takes the shard's lease). Neither throws for an
 * expected failure: a message that cannot be used is dropped with one line, a shard run that
 * fails is logged, and the next tick sends fresh work anyway.
 */
import { parseSettings } from '../config.js';
import { describeRunError } from '../fleet/errors.js';
import { decodeWorkMessage, type WorkMessage } from '../fanout/message.js';
import { identityWorkQueue, type WorkQueue } from '../fanout/queue.js';
import { enqueueTick, formatTick, type TickResult } from '../fanout/tick.js';
import type { Logger } from '../reconcile/run.js';
import { WORK_DROPPED_PREFIX } from '../telemetry/telemetry.js';
import { fleetFailure } from './invocation.js';
import { clusterNames, runApp, selectCluster, type AppRun, type AppRuntime } from './runtime.js';

let shared: WorkQueue | undefined;

/** The process-wide identity-based work queue of the settings, connected on first send. */
export function getWorkQueue(): WorkQueue {
  shared ??= identityWorkQueue(parseSettings().fanout);
  return shared;
}

export async function runTick(
  runtime: AppRuntime,
  queue: WorkQueue,
  log: Logger,
  now: Date,
): Promise<TickResult> {
  const { fanout, shards } = runtime.settings;
  const plan = { clusters: clusterNames(runtime), shards, ttlSeconds: fanout.ttlSeconds, now };
  const result = await enqueueTick(queue, plan);
  const line = formatTick(fanout.queue, plan, result);
  if (result.failures.length > 0) log.warn(line);
  else log.info(line);
  return result;
}

export type WorkOutcome =
  | { readonly kind: 'dropped'; readonly reason: string }
  | { readonly kind: 'ran'; readonly message: WorkMessage; readonly run: AppRun }
  | { readonly kind: 'failed'; readonly message: WorkMessage; readonly error: string };

/** One line a query can find: `businessScalerWorkDropped {"queue":…,"reason":…}`. */
export function formatDropped(queue: string, reason: string): string {
  return WORK_DROPPED_PREFIX + JSON.stringify({ queue, reason });
}

export async function runWorkMessage(
  runtime: AppRuntime,
  raw: unknown,
  log: Logger,
  now: Date,
): Promise<WorkOutcome> {
  const { settings } = runtime;
  const expected = { clusters: clusterNames(runtime), shards: settings.shards, now };
  const decoded = decodeWorkMessage(raw, expected);
  if (!decoded.ok) {
    log.warn(formatDropped(settings.fanout.queue, decoded.reason));
    return { kind: 'dropped', reason: decoded.reason };
  }
  const { message } = decoded;
  const one = selectCluster(runtime, message.cluster)!; // the decoder checked the name
  const label = `cluster=${message.cluster} shard=${message.shard.index}/${message.shard.count}`;
  try {
    // Any instance may get the message: one that never saw the shard's Lease watches it for a
    // sign of life, so a dead holder's Lease is taken over here (lib/lease/watch.ts).
    const run = await runApp(one, log, { shard: message.shard, waitForLease: true });
    const failure = fleetFailure(run.report);
    if (failure !== undefined) {
      log.warn(`${label}: shard run failed: ${failure}`);
      return { kind: 'failed', message, error: failure };
    }
    return { kind: 'ran', message, run };
  } catch (err) {
    const error = describeRunError(err);
    log.warn(`${label}: shard run failed: ${error}`);
    return { kind: 'failed', message, error };
  }
}

/**
 * A message the host moved to `<queue>-poison` (its run failed or timed out in the host, which
 * our handler never causes on purpose): logged as one dropped line and removed, so the poison
 * queue never accumulates. Expiry is not checked: a poisoned message is always stale.
 */
export function dropPoisoned(runtime: AppRuntime, raw: unknown, log: Logger): string {
  const { settings } = runtime;
  const expected = { clusters: clusterNames(runtime), shards: settings.shards, now: new Date(0) };
  const decoded = decodeWorkMessage(raw, expected);
  const what = decoded.ok
    ? `cluster=${decoded.message.cluster} shard=${decoded.message.shard.index}/${decoded.message.shard.count} tick=${decoded.message.tick}`
    : decoded.reason;
  const reason = `poisoned (failed in the host): ${what}`;
  log.warn(formatDropped(`${settings.fanout.queue}-poison`, reason));
  return reason;
}
