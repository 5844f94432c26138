/** Write retries as tables: what is transient, how long to wait, when to stop (clock injected). */
import { HttpStatusError } from '../../lib/kube/http.js';
import {
  DEFAULT_RETRY,
  parseRetryAfter,
  retryDelay,
  transientOf,
  withRetries,
  type RetryPolicy,
} from '../../lib/kube/retry.js';

const NOW = Date.parse('2026-11-25T10:00:00Z');
const http = (status: number, retryAfter?: string) => new HttpStatusError(status, '', retryAfter);
const net = (code: string) => Object.assign(new Error('x'), { cause: { code } });

describe('write retries', () => {
  it.each([
    ['429 with Retry-After 2', http(429, '2'), { retryAfterMs: 2000 }],
    ['429 without', http(429), {}],
    ['500', http(500), {}],
    [
      '503 with an HTTP date 5 s ahead',
      http(503, new Date(NOW + 5000).toUTCString()),
      { retryAfterMs: 5000 },
    ],
    ['connection reset', net('ECONNRESET'), {}],
    ['undici socket closed', net('UND_ERR_SOCKET'), {}],
    ['409 (re-read, never retried blindly)', http(409), undefined],
    ['403', http(403), undefined],
    ['422', http(422), undefined],
    ['a timeout', Object.assign(new Error('t'), { name: 'TimeoutError' }), undefined],
  ])('%s → %j', (_name, err, want) => {
    expect(transientOf(err, NOW)).toEqual(want);
  });

  it.each([
    ['0', 0],
    ['7', 7000],
    ['garbage', undefined],
    [undefined, undefined],
  ])('Retry-After %s → %s ms', (value, want) => {
    expect(parseRetryAfter(value, NOW)).toBe(want);
  });

  it.each([
    // retry, random, Retry-After ms, delay: random × min(cap 5000, 200·2^retry), at least Retry-After
    [0, 0.5, undefined, 100], // 0.5 × 200
    [2, 1, undefined, 800], // 1 × 800
    [6, 1, undefined, 5000], // capped
    [0, 0, 3000, 3000], // Retry-After wins
    [3, 0.9, 1000, 1440], // 0.9 × 1600 > 1000
  ])('retry %i, random %f, Retry-After %s → %i ms', (retry, random, after, want) => {
    const t = after === undefined ? {} : { retryAfterMs: after };
    expect(retryDelay(retry, t, { ...DEFAULT_RETRY, random: () => random })).toBe(want);
  });

  function policy(over: Partial<RetryPolicy> = {}) {
    let now = NOW;
    const slept: number[] = [];
    const p: RetryPolicy = {
      ...DEFAULT_RETRY,
      random: () => 1,
      now: () => now,
      sleep: (ms) => {
        slept.push(ms);
        now += ms;
        return Promise.resolve();
      },
      ...over,
    };
    return { p, slept };
  }

  it.each([
    // failures before success, expected result, sleeps
    ['503 twice, then ok', [http(503), http(503)], 'ok', [200, 400]],
    ['429 Retry-After 1, then ok', [http(429, '1')], 'ok', [1000]],
    [
      'reset 4 times: gives up after 4 tries',
      [1, 2, 3, 4].map(() => net('ECONNRESET')),
      'fail',
      [200, 400, 800],
    ],
    ['409: no retry', [http(409)], 'fail', []],
    ['429 Retry-After 60 beyond the 10 s budget: no retry', [http(429, '60')], 'fail', []],
  ] as const)('%s', async (_name, failures, want, sleeps) => {
    const { p, slept } = policy();
    const queue = [...failures];
    const result = await withRetries(() => {
      const f = queue.shift();
      return f ? Promise.reject(f) : Promise.resolve('ok');
    }, p).catch(() => 'fail');
    expect(result).toBe(want);
    expect(slept).toEqual(sleeps);
  });
});
