/**
 * One FIFO limiter per metric host (`host[:port]`), made on first use. Used in front of the run's
 * global limiter: a request first waits for its host's slot, then for a global one, so requests
 * queued behind a slow host wait in that host's queue and never hold a global slot meanwhile.
 */
import { createLimiter, type Limiter } from '../util/limit.js';

export type HostLimiter = <T>(host: string, task: () => Promise<T>) => Promise<T>;

export function createHostLimiter(perHost: number): HostLimiter {
  createLimiter(perHost); // validates `perHost` now, not on the first request
  const limiters = new Map<string, Limiter>();
  return <T>(host: string, task: () => Promise<T>): Promise<T> => {
    let limit = limiters.get(host);
    if (!limit) limiters.set(host, (limit = createLimiter(perHost)));
    return limit(task);
  };
}

/** The host a request goes to (`host[:port]`, lower case), or undefined for an unparsable URL. */
export function hostOf(url: string): string | undefined {
  return URL.canParse(url) ? new URL(url).host : undefined;
}
