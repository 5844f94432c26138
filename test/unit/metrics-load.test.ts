/**
 * Under load: the per-host limit in front of the global one, and the breaker under random timing.
 * Scripted fetches stand in for the network and record what is in flight.
 */
import fc from 'fast-check';
import { DEFAULTS, parseSettings } from '../../lib/config.js';
import { MetricReader, type FetchBody } from '../../lib/metrics/reader.js';
import type { BodyResult } from '../../lib/metrics/types.js';
import { gated, hostOf, OUTCOME, settle, source } from '../support/scriptedFetch.js';

describe('MetricReader per-host limit', () => {
  it('a busy host waits in its own queue, holding no global slot', async () => {
    const g = gated();
    const reader = new MetricReader(
      { timeoutMs: 10, maxBytes: 100, concurrency: 3, concurrencyPerHost: 2 },
      g.fetch,
    );
    const reads = [
      ...[1, 2, 3, 4, 5].map((i) => reader.read(source(`http://slow.test/${i}`))),
      reader.read(source('http://fast.test/1')),
    ];
    await settle();
    // slow.test holds 2 of the 3 global slots; its 3 queued requests hold none
    expect([g.inFlight.get('slow.test'), g.inFlight.get('fast.test')]).toEqual([2, 1]);
    for (let i = 0; i < 5; i += 1) {
      g.releaseAll();
      await settle();
    }
    expect(await Promise.all(reads)).toEqual(reads.map(() => ({ ok: true, value: 1 })));
    expect(reader.fetchCount).toBe(6);
  });

  it('never exceeds either limit, and reads everything (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 4 }),
        async (hosts, global, perHost) => {
          const g = gated();
          const reader = new MetricReader(
            { timeoutMs: 10, maxBytes: 100, concurrency: global, concurrencyPerHost: perHost },
            g.fetch,
          );
          const reads = hosts.map((h, i) => reader.read(source(`http://h${h}.test/${i}`)));
          while (g.inFlight.size === 0 || [...g.inFlight.values()].some((n) => n > 0)) {
            await settle();
            g.releaseAll();
            await settle();
          }
          const results = await Promise.all(reads);
          expect(results.every((r) => r.ok)).toBe(true);
          expect(reader.fetchCount).toBe(hosts.length);
          expect(g.maxTotal()).toBeLessThanOrEqual(global);
          for (const m of g.max.values()) expect(m).toBeLessThanOrEqual(perHost);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('MetricReader under random timing (property)', () => {
  it('every read resolves; a host that only fails gets at most max(per host, limit) requests', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 3 })), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.array(fc.constantFrom('o', 't', 'n', 'h'), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 4 }),
        async (reads, hostOutcome, perHost, limit) => {
          // host 0 is dead; hosts 1 and 2 answer `hostOutcome`; each answer comes after 0-3 ticks
          const sent = new Map<string, number>();
          const fetch: FetchBody = async (url) => {
            const host = hostOf(url);
            sent.set(host, (sent.get(host) ?? 0) + 1);
            const [h = 0, ticks = 0] = reads[Number(new URL(url).pathname.slice(1))] ?? [];
            for (let i = 0; i < ticks; i += 1) await settle();
            return (h === 0 ? OUTCOME.t : OUTCOME[hostOutcome[h] ?? 'o']) as BodyResult;
          };
          const reader = new MetricReader(
            {
              timeoutMs: 10,
              maxBytes: 100,
              concurrency: 4,
              concurrencyPerHost: perHost,
              hostFailureLimit: limit,
            },
            fetch,
          );
          const results = await Promise.all(
            reads.map(([h], i) => reader.read(source(`http://h${h}.test/${i}`))),
          );
          expect(results).toHaveLength(reads.length);
          expect(sent.get('h0.test') ?? 0).toBeLessThanOrEqual(Math.max(perHost, limit));
          expect(reader.fetchCount + reader.skipCount).toBe(reads.length);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('settings', () => {
  it.each([
    [{}, DEFAULTS.metricConcurrencyPerHost, DEFAULTS.metricHostFailureLimit],
    [{ METRIC_CONCURRENCY_PER_HOST: '2', METRIC_HOST_FAILURE_LIMIT: '5' }, 2, 5],
  ])('%j → per host %i, failure limit %i', (env, perHost, limit) => {
    const s = parseSettings(env);
    expect([s.metricConcurrencyPerHost, s.metricHostFailureLimit]).toEqual([perHost, limit]);
  });

  it.each([['METRIC_CONCURRENCY_PER_HOST'], ['METRIC_HOST_FAILURE_LIMIT']])(
    '%s=0 is refused',
    (name) => {
      expect(() => parseSettings({ [name]: '0' })).toThrow(`setting ${name} must be an integer`);
    },
  );
});
