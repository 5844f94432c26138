/**
 * The per-run circuit breaker per metric host: the state machine on its own, then through the
 * reader with a scripted fetch standing in for the network.
 */
import { createBreaker, skippedMessage } from '../../lib/metrics/breaker.js';
import { MetricReader, type FetchBody } from '../../lib/metrics/reader.js';
import type { BodyResult } from '../../lib/metrics/types.js';
import { fail, OK, OUTCOME, scripted, settle, source } from '../support/scriptedFetch.js';

describe('createBreaker', () => {
  it.each([
    ['ttt', 'timeout'], // 3 in a row
    ['tt', undefined], // 2 < 3
    ['ttott', undefined], // the success resets: 2 since
    ['nnt', 'timeout'], // network and timeout both count; the last one names the kind
    ['ttn', 'network'],
    ['thtt', 'timeout'], // HTTP neither counts nor resets
    ['tbtt', 'timeout'], // nor blocked
    ['tatt', 'timeout'], // nor auth
    ['hhhhhh', undefined], // a host that answers 500 is not slow
    ['tttoooo', 'timeout'], // once open, stays open for the run
  ])('%s → %s', async (script, open) => {
    const breaker = createBreaker(3);
    for (const c of script) {
      if ((await breaker.admit('h')) === undefined) breaker.record('h', OUTCOME[c] as BodyResult);
    }
    expect(breaker.openKind('h')).toBe(open);
    expect(breaker.openKind('other')).toBeUndefined();
  });

  it('a suspect host presumes requests in flight fail: sends more only while failures + in flight < 3', async () => {
    const breaker = createBreaker(3);
    const admitted: string[] = [];
    const admit = (name: string) =>
      breaker.admit('h').then((open) => admitted.push(`${name}:${open ?? 'sent'}`));
    await Promise.all([admit('a'), admit('b')]); // closed: both go
    breaker.record('h', OUTCOME.t as BodyResult); // a: failures 1, in flight 1
    await admit('c'); // 1 + 1 < 3: goes
    void admit('d'); // 1 + 2 = 3: waits
    await settle();
    expect(admitted).toEqual(['a:sent', 'b:sent', 'c:sent']);
    breaker.record('h', OUTCOME.t as BodyResult); // b: failures 2, in flight 1 → d still waits
    await settle();
    expect(admitted).toHaveLength(3);
    breaker.record('h', OUTCOME.t as BodyResult); // c: failures 3 → open, d is skipped
    await settle();
    expect(admitted).toEqual(['a:sent', 'b:sent', 'c:sent', 'd:timeout']);
  });

  it('a success closes a suspect host and lets waiting requests go', async () => {
    const breaker = createBreaker(2);
    await Promise.all([breaker.admit('h'), breaker.admit('h')]);
    breaker.record('h', OUTCOME.n as BodyResult); // failures 1, in flight 1: 1 + 1 = 2
    let went: string | undefined = 'waiting';
    void breaker.admit('h').then((open) => (went = open));
    await settle();
    expect(went).toBe('waiting');
    breaker.record('h', OK); // closed again
    await settle();
    expect(went).toBeUndefined();
  });

  it.each([[0], [-1], [1.5]])('refuses threshold %p', (t) => {
    expect(() => createBreaker(t)).toThrow(RangeError);
  });

  it.each([
    [3, 'm:80/q: skipped: host failed 3 times in a row this run'],
    [1, 'm:80/q: skipped: host failed once this run'],
  ])('message with threshold %i', (t, message) => {
    expect(skippedMessage('m:80/q', t)).toBe(message);
  });
});

describe('MetricReader circuit breaker', () => {
  it.each([
    // script (what the host answers, in order), reads, requests sent
    ['ttt', 6, 3], // 3 timeouts, then 3 skipped
    ['ttottt', 8, 6], // the success resets the count
    ['thtt', 6, 4], // the 500 in between neither counts nor resets
    ['hhhhhh', 6, 6], // HTTP errors never open it
    ['rrr', 5, 3], // a rejecting fetch counts as a network failure
  ])('host answering %s, %i reads → %i sent', async (script, reads, sentCount) => {
    const { sent, fetch } = scripted(script);
    const reader = new MetricReader({ timeoutMs: 10, maxBytes: 100, concurrency: 4 }, fetch);
    const results = [];
    for (let i = 0; i < reads; i += 1) {
      results.push(await reader.read(source(`http://m.test/${i}?api_key=s3cr3t`)));
    }
    expect(sent).toHaveLength(sentCount);
    expect(reader.fetchCount).toBe(sentCount);
    expect(reader.skipCount).toBe(reads - sentCount);
    const skipped = results.slice(sentCount);
    const kind = script.endsWith('t') ? 'timeout' : 'network';
    expect(skipped).toEqual(
      skipped.map((_, i) => ({
        ok: false,
        kind,
        message: `m.test/${sentCount + i}: skipped: host failed 3 times in a row this run`,
      })),
    );
    expect(JSON.stringify(results)).not.toContain('s3cr3t');
  });

  it('is per host: another host keeps being read', async () => {
    const { sent, fetch } = scripted('ttt');
    const reader = new MetricReader({ timeoutMs: 10, maxBytes: 100, concurrency: 4 }, fetch);
    for (const i of [1, 2, 3, 4]) await reader.read(source(`http://dead.test/${i}`));
    // same host name on another port is another host
    const others = [source('http://ok.test/a'), source('http://dead.test:8080/a')];
    expect(await Promise.all(others.map((s) => reader.read(s)))).toEqual([
      { ok: true, value: 1 },
      { ok: true, value: 1 },
    ]);
    expect(sent).toHaveLength(5); // 3 to dead.test, 1 each to the others
  });

  it('is per run: a new reader sends again', async () => {
    const { sent, fetch } = scripted('ttt');
    const opts = { timeoutMs: 10, maxBytes: 100, concurrency: 4, hostFailureLimit: 2 };
    const first = new MetricReader(opts, fetch);
    for (const i of [1, 2, 3]) await first.read(source(`http://m.test/${i}`));
    expect(sent).toHaveLength(2); // limit 2
    const second = new MetricReader(opts, fetch);
    expect(await second.read(source('http://m.test/1'))).toMatchObject({ ok: false }); // 3rd t
    expect(await second.read(source('http://m.test/2'))).toEqual({ ok: true, value: 1 });
    expect(sent).toHaveLength(4);
  });

  it('bounds a dead host read in parallel to max(per-host slots, limit)', async () => {
    const dead: FetchBody = () => Promise.resolve(fail('timeout'));
    const reader = new MetricReader(
      { timeoutMs: 10, maxBytes: 100, concurrency: 64, concurrencyPerHost: 8 },
      dead,
    );
    const urls = Array.from({ length: 40 }, (_, i) => `http://dead.test/${i}`);
    const results = await Promise.all(urls.map((u) => reader.read(source(u))));
    // 8 start at once and all time out; the 32 queued behind them find the host open
    expect(reader.fetchCount).toBe(8);
    expect(reader.skipCount).toBe(32);
    expect(results.filter((r) => !r.ok && r.message.includes('skipped'))).toHaveLength(32);
  });
});
