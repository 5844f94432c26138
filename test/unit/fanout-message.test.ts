/** The work message: planTick, and the decoder that drops what this instance would not plan. */
import {
  decodeWorkMessage,
  encodeWorkMessage,
  planTick,
  type WorkMessage,
} from '../../lib/fanout/message.js';
import { readFanoutSettings } from '../../lib/fanout/settings.js';

const NOW = new Date('2026-11-25T10:00:00.000Z');
const CLUSTERS = ['rg/aks-a', 'rg/aks-b'];
const expected = { clusters: CLUSTERS, shards: 4, now: NOW };

const valid: WorkMessage = {
  v: 1,
  cluster: 'rg/aks-a',
  shard: { index: 3, count: 4 },
  tick: '2026-11-25T09:59:50.000Z',
  expiresAt: '2026-11-25T10:00:20.000Z', // tick + 30 s, 20 s after NOW
};
const with_ = (patch: Record<string, unknown>) => ({ ...valid, ...patch });

describe('planTick', () => {
  it.each([
    [['rg/a'], 1, 1],
    [['rg/a'], 4, 4],
    [['rg/a', 'rg/b', 'rg/c'], 4, 12], // 3 clusters × 4 shards
    [[], 4, 0],
  ])('%j × %i shards → %i messages', (clusters, shards, n) => {
    const msgs = planTick(clusters, shards, NOW, 30);
    expect(msgs).toHaveLength(n);
    const keys = new Set(msgs.map((m) => `${m.cluster}#${m.shard.index}/${m.shard.count}`));
    expect(keys.size).toBe(n); // each (cluster, shard) exactly once
    for (const m of msgs) {
      expect(m).toMatchObject({ v: 1, tick: NOW.toISOString() });
      expect(m.shard.count).toBe(shards);
      expect(Date.parse(m.expiresAt) - NOW.getTime()).toBe(30_000);
    }
  });

  it('every planned message decodes as itself, from the string or the parsed object', () => {
    for (const m of planTick(CLUSTERS, 4, NOW, 30)) {
      expect(decodeWorkMessage(encodeWorkMessage(m), expected)).toEqual({ ok: true, message: m });
      expect(decodeWorkMessage(JSON.parse(encodeWorkMessage(m)), expected)).toEqual({
        ok: true,
        message: m,
      });
    }
  });
});

describe('decodeWorkMessage drops what cannot be used, with a reason', () => {
  it.each<[string, unknown, RegExp]>([
    ['not JSON', '{"v":1,', /^not JSON$/],
    ['plain text', 'hello', /^not JSON$/],
    ['a JSON number', '42', /^not a JSON object$/],
    ['an array', [valid], /^not a JSON object$/],
    ['null', null, /^not a JSON object$/],
    ['version 2', with_({ v: 2 }), /^unsupported version \(number\)$/],
    ['no version', with_({ v: undefined }), /^unsupported version/],
    ['unknown cluster', with_({ cluster: 'rg/other' }), /^unknown cluster 'rg\/other'$/],
    ['cluster not a name', with_({ cluster: 'a b\n<script>' }), /^unknown cluster \(string\)$/],
    ['no shard', with_({ shard: undefined }), /^shard must be/],
    ['shard as text', with_({ shard: '1/4' }), /^shard must be/],
    ['fractional index', with_({ shard: { index: 1.5, count: 4 } }), /^shard must be/],
    ['count ≠ SHARDS', with_({ shard: { index: 1, count: 2 } }), /count 2 is not SHARDS=4/],
    ['index = count', with_({ shard: { index: 4, count: 4 } }), /^shard 4\/4 out of range$/],
    ['negative index', with_({ shard: { index: -1, count: 4 } }), /out of range/],
    ['tick not a time', with_({ tick: 'yesterday' }), /ISO times/],
    ['no expiresAt', with_({ expiresAt: undefined }), /ISO times/],
    ['expired', with_({ expiresAt: '2026-11-25T09:59:59.000Z' }), /^stale: expired at 2026/],
    ['expires exactly now', with_({ expiresAt: NOW.toISOString() }), /^stale/],
  ])('%s', (_, raw, reason) => {
    const out = decodeWorkMessage(raw, expected);
    expect(out.ok).toBe(false);
    expect(!out.ok && out.reason).toMatch(reason);
  });

  it('never echoes a field that is not name-shaped', () => {
    const out = decodeWorkMessage(with_({ cluster: 'https://x/?token=s3cret' }), expected);
    expect(JSON.stringify(out)).not.toContain('s3cret');
  });
});

describe('fan-out settings', () => {
  const uri = { WorkQueue__queueServiceUri: 'https://st1.queue.core.windows.net' };
  it.each<[Record<string, string>, object]>([
    [{}, { mode: 'inline', queue: 'reconcile-work', ttlSeconds: 30 }],
    [
      { FANOUT: 'queue', ...uri },
      { mode: 'queue', queueServiceUri: uri.WorkQueue__queueServiceUri },
    ],
    [
      { WORK_QUEUE: 'work-2', WORK_MESSAGE_TTL_SECONDS: '60' },
      { queue: 'work-2', ttlSeconds: 60 },
    ],
    [{ AZURE_CLIENT_ID: 'app' }, { clientId: 'app' }],
    [{ AZURE_CLIENT_ID: 'app', WorkQueue__clientId: 'q' }, { clientId: 'q' }],
  ])('%j → %j', (env, want) => {
    expect(readFanoutSettings(env)).toMatchObject(want);
  });

  it.each<[Record<string, string>, RegExp]>([
    [{ FANOUT: 'threads' }, /FANOUT must be inline or queue/],
    [{ FANOUT: 'queue' }, /FANOUT=queue needs WorkQueue__queueServiceUri/],
    [{ WORK_QUEUE: 'Work_Queue' }, /WORK_QUEUE/],
    [{ WORK_QUEUE: 'a--b' }, /WORK_QUEUE/],
    [{ WORK_MESSAGE_TTL_SECONDS: '0' }, /1-3600/],
    [{ WORK_MESSAGE_TTL_SECONDS: '30s' }, /1-3600/],
    [{ ...uri, WorkQueue__credential: 'connectionstring' }, /managedidentity/],
    [{ WorkQueue__queueServiceUri: 'st1.queue.core.windows.net' }, /http\(s\)/],
  ])('%j is refused', (env, message) => {
    expect(() => readFanoutSettings(env)).toThrow(message);
  });
});
