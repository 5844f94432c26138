/**
 * Which addresses a metric request must not reach, and why. Pure.
 *
 * `classifyAddress` names the special-purpose range an address is in (loopback, private, …) or
 * returns null for a public unicast address. IPv4 inside IPv6 (v4-mapped `::ffff:a.b.c.d`, NAT64
 * `64:ff9b::/96`, 6to4 `2002::/16`) is judged by the IPv4 address it reaches. IPv6 outside
 * global unicast (2000::/3) is reserved.
 */
import { cidr, inCidr, type Cidr, type IpAddress } from './ip.js';

export type AddressClass =
  | 'unspecified'
  | 'loopback'
  | 'link-local'
  | 'private'
  | 'CGNAT'
  | 'multicast'
  | 'reserved'
  | 'Azure platform';

const table = (rows: [string, AddressClass][]) =>
  rows.map(([c, k]) => Object.assign([cidr(c), k] as const, { text: c }));

/** First match wins, so the single Azure address precedes nothing it overlaps. */
const V4: readonly (readonly [Cidr, AddressClass] & { text: string })[] = table([
  ['168.63.129.16/32', 'Azure platform'], // WireServer: treat like IMDS (Microsoft's advice)
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'CGNAT'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'], // includes IMDS 169.254.169.254
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'reserved'],
  ['192.88.99.0/24', 'reserved'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'reserved'],
  ['198.51.100.0/24', 'reserved'],
  ['203.0.113.0/24', 'reserved'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'], // includes 255.255.255.255
]);

const V6: readonly (readonly [Cidr, AddressClass] & { text: string })[] = table([
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['fe80::/10', 'link-local'],
  ['fc00::/7', 'private'],
  ['fec0::/10', 'private'],
  ['ff00::/8', 'multicast'],
  ['64:ff9b:1::/48', 'reserved'],
  ['100::/64', 'reserved'],
  ['2001::/23', 'reserved'], // IETF protocol assignments, incl. Teredo 2001::/32
  ['2001:db8::/32', 'reserved'],
]);

const GLOBAL_UNICAST = cidr('2000::/3');

/** Prefixes whose addresses carry an IPv4 address, and where it sits in the 16 bytes. */
const EMBEDS_V4: readonly (readonly [Cidr, number])[] = [
  [cidr('::ffff:0:0/96'), 12],
  [cidr('64:ff9b::/96'), 12],
  [cidr('2002::/16'), 2],
];

/** The IPv4 address an IPv6 address stands for, if any (v4-mapped, NAT64, 6to4). */
export function embeddedIpv4(ip: IpAddress): IpAddress | undefined {
  if (ip.family !== 6) return undefined;
  for (const [net, at] of EMBEDS_V4) {
    if (inCidr(ip, net)) return { family: 4, bytes: ip.bytes.slice(at, at + 4) };
  }
  return undefined;
}

/** The address as it will be reached: an IPv4 address inside IPv6 is that IPv4 address. */
export function effectiveAddress(ip: IpAddress): IpAddress {
  return embeddedIpv4(ip) ?? ip;
}

/** The special-purpose class of an address, or null when it is public unicast. */
/** The special-purpose range (CIDR text) `address` is in, e.g. `127.0.0.0/8`, if any. */
export function rangeOf(address: IpAddress): string | undefined {
  const ip = effectiveAddress(address);
  return (ip.family === 4 ? V4 : V6).find(([net]) => inCidr(ip, net))?.text;
}

export function classifyAddress(address: IpAddress): AddressClass | null {
  const ip = effectiveAddress(address);
  const rows = ip.family === 4 ? V4 : V6;
  for (const [net, kind] of rows) if (inCidr(ip, net)) return kind;
  if (ip.family === 6 && !inCidr(ip, GLOBAL_UNICAST)) return 'reserved';
  return null;
}
