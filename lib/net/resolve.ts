/**
 * Resolves a metric host once and checks the answer against the network policy. The caller
 * dials exactly the address returned, so a second DNS answer (rebinding) is never used.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { formatIp, inCidr, parseCidr, parseIp } from './ip.js';
import { checkAddressText, checkHostName, type NetworkPolicy } from './policy.js';

const V4_MAPPED = parseCidr('::ffff:0:0/96')!;

/** `::ffff:a.b.c.d` is dialled as `a.b.c.d` (the same destination, in the form that was checked). */
function toDialable(address: string): string {
  const ip = parseIp(address);
  if (!ip || !inCidr(ip, V4_MAPPED)) return address;
  return formatIp({ family: 4, bytes: ip.bytes.slice(12) });
}

/** All addresses of a host name, in the order to try them. */
export type Resolver = (host: string) => Promise<readonly string[]>;

export const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true, order: 'verbatim' })).map((a) => a.address);

/** A destination the policy refuses. `reason` is safe to publish (`link-local address`). */
export class BlockedError extends Error {
  readonly code = 'ERR_METRIC_BLOCKED';
  constructor(readonly reason: string) {
    super(`blocked: ${reason}`);
    this.name = 'BlockedError';
  }
}

class NotFoundError extends Error {
  readonly code = 'ENOTFOUND';
}

/**
 * The address to dial for `host:port`, or a rejection: `BlockedError` when the host or any of
 * its addresses is refused (one bad answer among good ones is treated as an attack, not skipped).
 */
export async function resolveChecked(
  policy: NetworkPolicy,
  host: string,
  port: number,
  resolve: Resolver = systemResolver,
): Promise<string> {
  const bare = host.replace(/^\[|\]$/g, '');
  const named = checkHostName(policy, bare, port);
  if (named !== null) throw new BlockedError(named);
  const addresses = isIP(bare) ? [bare] : await resolve(bare);
  if (addresses.length === 0) throw new NotFoundError('host not found');
  for (const address of addresses) {
    const reason = checkAddressText(policy, address, port);
    if (reason !== null) throw new BlockedError(reason);
  }
  return toDialable(addresses[0]!);
}
