/**
 * Metric reads started while the LIST is still arriving. A run decides nothing before its list
 * is complete (the oldest claimant of a workload may be on the last page), but what a resource's
 * metrics say does not depend on the list: so each listed resource's reads start as its page
 * arrives, at most `concurrency` resources at a time (the reader's own limit: no queue of N
 * waiters). The reader keeps each body for the run, so the resource's own read later is answered
 * from it. At 10,000 resources the LIST alone takes seconds of API-server time that the reads
 * used to wait for.
 *
 * A held resource reads nothing, and neither does this: reads wait for the list of HPAs and
 * ScaledObjects, and skip a resource whose workload one of them scales or an older
 * BusinessScaling listed before it claims. The one case left, a BusinessScaling held by an older
 * one that comes on a later page, may be read once in the run: a read, never a write.
 */
import { sourceOf, type MetricSource } from '../spec/types.js';
import type { ParsedScaling } from './conflicts.js';

export interface Prefetch {
  add(item: ParsedScaling): void;
  /** No more starts; resolves once the reads already started have settled. */
  stop(): Promise<void>;
}

export interface PrefetchOptions {
  /** Nothing starts before it settles (the HPAs and ScaledObjects are known then). */
  readonly ready?: Promise<unknown>;
  /** Asked as each resource's turn comes: true → not read (known to be held). */
  readonly skip?: (item: ParsedScaling) => boolean;
}

export function createPrefetch(
  read: (source: MetricSource) => Promise<unknown>,
  concurrency: number,
  opts: PrefetchOptions = {},
): Prefetch {
  let queue: ParsedScaling[] = [];
  let head = 0;
  let running = 0;
  let stopped = false;
  let waiting = opts.ready !== undefined;
  let idle: (() => void) | undefined;
  void opts.ready?.finally(() => {
    waiting = false;
    pump();
  });

  const settle = () => {
    running--;
    if (running === 0) idle?.();
    pump();
  };
  function pump(): void {
    while (!stopped && !waiting && running < concurrency && head < queue.length) {
      const item = queue[head++]!;
      if (head === queue.length) [queue, head] = [[], 0];
      const { parsed } = item;
      if (!parsed.ok || opts.skip?.(item) === true) continue;
      running++;
      void Promise.all(parsed.spec.metrics.map((m) => read(sourceOf(m))))
        .catch(() => undefined) // the resource's own read reports it
        .finally(settle);
    }
  }
  return {
    add(item) {
      if (stopped) return;
      queue.push(item);
      pump();
    },
    stop() {
      stopped = true;
      queue = [];
      head = 0;
      return running === 0 ? Promise.resolve() : new Promise((r) => (idle = r));
    },
  };
}
