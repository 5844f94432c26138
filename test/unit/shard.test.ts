import { fnv1a32, inShard, parseShard, shardOf } from '../../lib/shard/shard.js';

describe('fnv1a32', () => {
  // Reference values of FNV-1a 32-bit (http://www.isthe.com/chongo/tech/comp/fnv/).
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('%j → %s', (text, hash) => {
    expect(fnv1a32(text)).toBe(hash);
  });

  it('hashes UTF-8 bytes, not UTF-16 code units', () => {
    expect(fnv1a32('é')).not.toBe(fnv1a32('\u00e9'.normalize('NFD')));
    expect(fnv1a32('é')).toBe(fnv1a32(Buffer.from([0xc3, 0xa9]).toString('utf8')));
  });
});

describe('shards', () => {
  it('spreads 10,000 names over 4 shards within 10% of even', () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 10000; i++) counts[shardOf(`orders-${i}`, 4)]! += 1;
    for (const c of counts) expect(Math.abs(c - 2500)).toBeLessThan(250);
  });

  it('puts every name in exactly one shard', () => {
    for (const name of ['a', 'shop', 'orders-17', 'x'.repeat(253)]) {
      const owners = [0, 1, 2].filter((index) => inShard(name, { index, count: 3 }));
      expect(owners).toHaveLength(1);
    }
  });

  it.each([
    ['0/1', { index: 0, count: 1 }],
    ['3/4', { index: 3, count: 4 }],
    [' 1/2 ', { index: 1, count: 2 }],
    ['4/4', 'shard index must be below 4, got 4'],
    ['0/0', 'shard count must be at least 1, got 0'],
    ['1', 'shard must be i/n (e.g. 0/4), got "1"'],
    ['-1/2', 'shard must be i/n (e.g. 0/4), got "-1/2"'],
  ])('parseShard(%j)', (raw, expected) => {
    expect(parseShard(raw)).toEqual(expected);
  });
});
