/**
 * Bounded retries of one write: 429 (after its `Retry-After`), 500/502/503/504 and a connection
 * reset or refusal are tried again with jittered exponential backoff, within a time budget. Any
 * other failure (403, 404, 409, 422, a timeout) is the caller's at once: a 409 is never retried
 * blindly, it is re-read and recomputed by the reconciler. Clock, sleep and random are injected.
 */
import { HttpStatusError } from './http.js';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  readonly attempts: number;
  readonly baseMs: number;
  readonly capMs: number;
  /** No retry starts later than this after the first try. */
  readonly budgetMs: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** [0, 1). */
  readonly random: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 4,
  baseMs: 200,
  capMs: 5_000,
  budgetMs: 10_000,
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

const RETRIED_STATUS = new Set([429, 500, 502, 503, 504]);
const RETRIED_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET']);

/** Undefined: not transient. Otherwise the server's wait, if it named one (ms). */
export function transientOf(e: unknown, now: number): { retryAfterMs?: number } | undefined {
  if (e instanceof HttpStatusError) {
    if (!RETRIED_STATUS.has(e.status)) return undefined;
    const retryAfterMs = parseRetryAfter(e.retryAfter, now);
    return retryAfterMs === undefined ? {} : { retryAfterMs };
  }
  const err = e as { code?: unknown; cause?: { code?: unknown } } | null;
  const codes = [err?.code, err?.cause?.code];
  return codes.some((c) => typeof c === 'string' && RETRIED_CODES.has(c)) ? {} : undefined;
}

/** Delta seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d{1,6}$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** Full jitter on `base·2^retry` capped; never less than the server's `Retry-After`. */
export function retryDelay(
  retry: number,
  transient: { retryAfterMs?: number },
  p: Pick<RetryPolicy, 'baseMs' | 'capMs' | 'random'>,
): number {
  const backoff = Math.round(p.random() * Math.min(p.capMs, p.baseMs * 2 ** retry));
  return Math.max(transient.retryAfterMs ?? 0, backoff);
}

export async function withRetries<T>(fn: () => Promise<T>, p: RetryPolicy): Promise<T> {
  const started = p.now();
  for (let retry = 0; ; retry++) {
    try {
      return await fn();
    } catch (e) {
      const transient = transientOf(e, p.now());
      if (transient === undefined || retry + 1 >= p.attempts) throw e;
      const delay = retryDelay(retry, transient, p);
      if (p.now() + delay - started > p.budgetMs) throw e;
      await p.sleep(delay);
    }
  }
}
