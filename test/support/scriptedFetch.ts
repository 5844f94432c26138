/**
 * Stand-ins for the network in tests of the metric reader's limits and circuit breaker: a fetch
 * answering from a script of outcomes, and one holding requests in flight until released.
 */
import type { FetchBody } from '../../lib/metrics/reader.js';
import type { BodyResult } from '../../lib/metrics/types.js';

export const OK: BodyResult = { ok: true, body: { value: 1 } };
export const fail = (kind: Extract<BodyResult, { ok: false }>['kind']): BodyResult => ({
  ok: false,
  kind,
  message: `x/y: ${kind}`,
});
/** One letter per request outcome: o ok, t timeout, n network, h http, b blocked, a auth, r reject. */
export const OUTCOME: Record<string, BodyResult | 'reject'> = {
  o: OK,
  t: fail('timeout'),
  n: fail('network'),
  h: fail('http'),
  b: fail('blocked'),
  a: fail('auth'),
  r: 'reject',
};

export const hostOf = (url: string) => new URL(url).host;
export const source = (url: string) => ({ url, valuePath: 'value' });

/** A fetch that answers from `script` (in order) and records the URLs it was asked for. */
export function scripted(script: string) {
  const sent: string[] = [];
  const fetch: FetchBody = (url) => {
    const outcome = OUTCOME[script[sent.length] ?? 'o'];
    sent.push(url);
    return outcome === 'reject' || outcome === undefined
      ? Promise.reject(new Error('s3cr3t'))
      : Promise.resolve(outcome);
  };
  return { sent, fetch };
}

/** A fetch whose requests stay in flight until released; tracks in-flight counts per host. */
export function gated() {
  const inFlight = new Map<string, number>();
  const max = new Map<string, number>();
  const waiting: (() => void)[] = [];
  let total = 0;
  let maxTotal = 0;
  const fetch: FetchBody = (url) => {
    const host = hostOf(url);
    inFlight.set(host, (inFlight.get(host) ?? 0) + 1);
    max.set(host, Math.max(max.get(host) ?? 0, inFlight.get(host) ?? 0));
    maxTotal = Math.max(maxTotal, (total += 1));
    return new Promise((resolve) =>
      waiting.push(() => {
        inFlight.set(host, (inFlight.get(host) ?? 0) - 1);
        total -= 1;
        resolve(OK);
      }),
    );
  };
  const releaseAll = () => waiting.splice(0).forEach((r) => r());
  return { fetch, inFlight, max, releaseAll, maxTotal: () => maxTotal };
}

export const settle = () => new Promise((resolve) => setImmediate(resolve));
