/** Address parsing, classification and the network policy: pure tables and properties. */
import fc from 'fast-check';
import { parseSettings } from '../../lib/config.js';
import { classifyAddress } from '../../lib/net/classify.js';
import { formatIp, inCidr, parseCidr, parseIp, type IpAddress } from '../../lib/net/ip.js';
import { checkAddressText, createPolicy, STRICT_POLICY } from '../../lib/net/policy.js';
import { BlockedError, resolveChecked } from '../../lib/net/resolve.js';

const ip = (text: string) => parseIp(text)!;

describe('parseIp', () => {
  it.each([
    ['10.0.0.1', [10, 0, 0, 1]],
    ['[::1]', [...Array<number>(15).fill(0), 1]],
    ['::ffff:10.0.0.1', [...Array<number>(10).fill(0), 255, 255, 10, 0, 0, 1]],
    ['1:2:3:4:5:6:7:8', [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]],
    ['fe80::', [0xfe, 0x80, ...Array<number>(14).fill(0)]],
  ])('%s', (text, bytes) => expect(parseIp(text)?.bytes).toEqual(bytes));

  it.each([
    ['010.0.0.1'], // leading zero: octal in some parsers, refused here
    ['10.0.0'],
    ['0x7f.0.0.1'],
    ['2130706433'], // 127.0.0.1 as one decimal number
    ['fe80::1%eth0'], // zone ids are refused
    ['1::2::3'],
    ['1:2:3:4:5:6:7:8:9'],
    ['example.com'],
    [''],
  ])('refuses %p', (text) => expect(parseIp(text)).toBeUndefined());

  const v6 = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 16, maxLength: 16 });
  it('reads back every IPv6 address it formats', () => {
    fc.assert(
      fc.property(v6, (bytes) =>
        expect(parseIp(formatIp({ family: 6, bytes }))?.bytes).toEqual(bytes),
      ),
    );
  });
});

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', null],
    ['2606:4700::1111', null],
    ['64:ff9b::808:808', null], // NAT64 of 8.8.8.8: judged as 8.8.8.8
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['10.255.0.1', 'private'],
    ['172.15.255.255', null], // just below 172.16/12
    ['172.16.0.0', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.0', null], // just above 172.16/12
    ['192.168.0.1', 'private'],
    ['fd00::1', 'private'],
    ['100.63.255.255', null],
    ['100.64.0.0', 'CGNAT'],
    ['100.127.255.255', 'CGNAT'],
    ['100.128.0.0', null],
    ['224.0.0.251', 'multicast'],
    ['ff02::fb', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['2001::1', 'reserved'], // Teredo
    ['::10.0.0.1', 'reserved'], // deprecated IPv4-compatible, outside 2000::/3
    ['4000::1', 'reserved'], // outside global unicast
    ['168.63.129.16', 'Azure platform'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['2002:a00:1::1', 'private'], // 6to4 of 10.0.0.1
  ])('%s → %p', (text, expected) => expect(classifyAddress(ip(text))).toBe(expected));

  const v4 = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 });
  const mapped = (bytes: number[]): IpAddress => ({
    family: 6,
    bytes: [...Array<number>(10).fill(0), 255, 255, ...bytes],
  });
  it('judges a v4-mapped IPv6 address exactly like its IPv4 address', () => {
    const policy = createPolicy('10.0.0.0/8');
    fc.assert(
      fc.property(v4, (bytes) => {
        const text = bytes.join('.');
        expect(classifyAddress(mapped(bytes))).toBe(classifyAddress({ family: 4, bytes }));
        expect(checkAddressText(policy, `::ffff:${text}`, 80)).toBe(
          checkAddressText(policy, text, 80),
        );
      }),
    );
  });

  it('every address is inside its own network, at any prefix', () => {
    fc.assert(
      fc.property(v4, fc.integer({ min: 0, max: 32 }), (bytes, prefix) => {
        const net = parseCidr(`${bytes.join('.')}/${prefix}`)!;
        expect(inCidr({ family: 4, bytes }, net)).toBe(true);
      }),
    );
  });
});

describe('checkAddressText (the policy)', () => {
  const allowing = createPolicy(
    '10.0.0.0/8, 127.0.0.0/8,fd00::/8',
    'http://127.0.0.1:41741/msi/token',
  );
  it.each([
    [
      STRICT_POLICY,
      '10.1.2.3',
      80,
      'private address (METRIC_ALLOWED_NETWORKS=10.0.0.0/8 would allow it)',
    ],
    [allowing, '10.1.2.3', 80, null],
    [allowing, '::ffff:10.1.2.3', 80, null], // v4-mapped inside an allowed IPv4 network
    [
      allowing,
      '192.168.1.1',
      80,
      'private address (METRIC_ALLOWED_NETWORKS=192.168.0.0/16 would allow it)',
    ],
    [allowing, 'fd00::5', 80, null],
    [allowing, '127.0.0.1', 8080, null],
    [allowing, '127.0.0.1', 41741, 'identity endpoint'], // allowed network, but the identity port
    [allowing, '::ffff:127.0.0.1', 41741, 'identity endpoint'],
    [createPolicy('169.254.0.0/16'), '169.254.169.254', 80, 'link-local address'], // IMDS: never
    [createPolicy('169.254.0.0/16'), '169.254.1.1', 80, null],
    [createPolicy('0.0.0.0/0'), '168.63.129.16', 80, 'Azure platform address'], // never
    [STRICT_POLICY, '1.1.1.1', 443, null],
    [STRICT_POLICY, 'not-an-ip', 80, 'not an IP address'],
  ])('%#: %s:%d → %p', (policy, address, port, expected) =>
    expect(checkAddressText(policy, address, port)).toBe(expected),
  );

  it.each([
    ['10.0.0.0/33'],
    ['10.0.0.0/'],
    ['10.0.0/8'],
    ['::1/129'],
    ['example.com'],
    ['10.0.0.0/8/8'],
  ])('refuses the setting entry %p', (entry) =>
    expect(() => createPolicy(entry)).toThrow(`not a CIDR (e.g. 10.0.0.0/8): "${entry}"`),
  );
});

describe('resolveChecked', () => {
  const resolver = (answer: string[]) => () => Promise.resolve(answer);
  it('returns the v4 form of a v4-mapped answer, so the checked address is the dialled one', async () => {
    const policy = createPolicy('127.0.0.0/8');
    await expect(
      resolveChecked(policy, 'a.test', 80, resolver(['::ffff:127.0.0.2'])),
    ).resolves.toBe('127.0.0.2');
  });

  it.each([
    [
      'all answers',
      ['127.0.0.1', '10.0.0.1'],
      'private address (METRIC_ALLOWED_NETWORKS=10.0.0.0/8 would allow it)',
    ],
    [
      'the first answer',
      ['10.0.0.1', '8.8.8.8'],
      'private address (METRIC_ALLOWED_NETWORKS=10.0.0.0/8 would allow it)',
    ],
  ])('checks %s', async (_name, answer, reason) => {
    const result = resolveChecked(createPolicy('127.0.0.0/8'), 'a.test', 80, resolver(answer));
    await expect(result).rejects.toEqual(new BlockedError(reason));
  });

  it('does not resolve an IP literal', async () => {
    const asked: string[] = [];
    const resolve = (host: string) => (asked.push(host), Promise.resolve(['8.8.8.8']));
    await expect(resolveChecked(STRICT_POLICY, '[2606:4700::1111]', 443, resolve)).resolves.toBe(
      '2606:4700::1111',
    );
    expect(asked).toEqual([]);
  });
});

describe('settings', () => {
  it('default: nothing special-purpose is allowed, Secrets only in business-scaling-system', () => {
    const s = parseSettings({});
    expect(s.metricNetwork.allowed).toEqual([]);
    expect(s.secretsNamespaces).toEqual(['business-scaling-system']);
  });

  it('reads METRIC_ALLOWED_NETWORKS, IDENTITY_ENDPOINT and SECRETS_NAMESPACES', () => {
    const s = parseSettings({
      METRIC_ALLOWED_NETWORKS: '127.0.0.0/8',
      IDENTITY_ENDPOINT: 'http://[::1]:8081/msi/token',
      SECRETS_NAMESPACES: 'a, b',
    });
    expect(checkAddressText(s.metricNetwork, '127.0.0.1', 80)).toBeNull();
    expect(s.metricNetwork.denied).toEqual([{ host: '0:0:0:0:0:0:0:1', port: 8081 }]);
    expect(checkAddressText(s.metricNetwork, '::1', 8081)).toBe('identity endpoint');
    expect(s.secretsNamespaces).toEqual(['a', 'b']);
  });

  it.each([
    [{ METRIC_ALLOWED_NETWORKS: '10.0.0.0/8,nope' }, 'setting METRIC_ALLOWED_NETWORKS: not a CIDR'],
    [{ SECRETS_NAMESPACES: 'Bad_NS' }, 'setting SECRETS_NAMESPACES: not a namespace: "Bad_NS"'],
  ])('%j fails', (env, message) => expect(() => parseSettings(env)).toThrow(message));
});
