/**
 * One LIST of workloads (one kind, one namespace) as a lookup by name that answers as soon as
 * the page holding the name has arrived. Only the run's target names are kept. Undefined means
 * "not listed": absent from the list, the list failed, or it was stopped (it was reading far
 * more workloads than the run has targets there): the caller then reads `/scale` itself.
 */
import { KubeApiError, type ListedScale, type ScaleInfo } from '../kube/port.js';
import type { Limiter } from '../util/limit.js';

/** A LIST stops once it has read this many workloads per target (plus one page). */
export const LIST_PER_TARGET = 4;
const PAGE_SLACK = 500;

export interface ListedGroup {
  lookup(name: string): Promise<ScaleInfo | undefined>;
}

export function createListedGroup(
  pages: () => AsyncIterable<readonly ListedScale[]>,
  wanted: ReadonlySet<string>,
  limit: Limiter,
  warn: (line: string) => void,
): ListedGroup {
  const found = new Map<string, ScaleInfo>();
  const waiting = new Map<string, ((s: ScaleInfo | undefined) => void)[]>();
  let done = false;
  const settle = (name: string, scale: ScaleInfo | undefined) => {
    const waiters = waiting.get(name);
    if (!waiters) return;
    waiting.delete(name);
    for (const w of waiters) w(scale);
  };

  const run = async () => {
    const budget = LIST_PER_TARGET * wanted.size + PAGE_SLACK;
    let seen = 0;
    const iterator = pages()[Symbol.asyncIterator]();
    try {
      for (;;) {
        // Each page is one request: it takes one slot of the run's Kubernetes limit.
        const next = await limit(() => iterator.next());
        if (next.done === true) break;
        for (const s of next.value) {
          if (!wanted.has(s.name)) continue;
          const { specReplicas, statusReplicas, resourceVersion } = s;
          const scale = {
            specReplicas,
            statusReplicas,
            ...(resourceVersion && { resourceVersion }),
          };
          found.set(s.name, scale);
          settle(s.name, scale);
        }
        seen += next.value.length;
        if (seen >= budget) {
          await iterator.return?.();
          break;
        }
      }
    } catch (e) {
      const why = e instanceof KubeApiError ? e.message : 'unexpected error';
      warn(`${why}: these targets' replicas are read one by one through /scale`);
    } finally {
      done = true;
      for (const name of [...waiting.keys()]) settle(name, undefined);
    }
  };
  void run();

  return {
    lookup(name) {
      const scale = found.get(name);
      if (scale !== undefined || done) return Promise.resolve(scale);
      return new Promise((resolve) => {
        const list = waiting.get(name);
        if (list) list.push(resolve);
        else waiting.set(name, [resolve]);
      });
    },
  };
}
