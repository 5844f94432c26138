/**
 * The network policy of metric requests: which resolved addresses may be dialled. Pure.
 *
 * Special-purpose addresses (see classify.ts) are refused unless an allowed network
 * (`METRIC_ALLOWED_NETWORKS`) contains them. Three destinations are refused even then, because
 * they hand out or guard this function's own credentials: IMDS 169.254.169.254, the Azure
 * WireServer 168.63.129.16 and the managed-identity endpoint (`IDENTITY_ENDPOINT`, host and port).
 */
import { classifyAddress, effectiveAddress, rangeOf } from './classify.js';
import { cidr, formatIp, inCidr, parseCidr, parseIp, type Cidr, type IpAddress } from './ip.js';

export interface Endpoint {
  /** Lower-case host name or IP literal (IPv6 without brackets). */
  readonly host: string;
  readonly port: number;
}

export interface NetworkPolicy {
  readonly allowed: readonly Cidr[];
  /** Destinations refused whatever `allowed` says (e.g. the identity endpoint). */
  readonly denied: readonly Endpoint[];
}

const NEVER: readonly Cidr[] = [cidr('169.254.169.254/32'), cidr('168.63.129.16/32')];

/** Refuses every special-purpose address and nothing is allowed: the secure default. */
export const STRICT_POLICY: NetworkPolicy = Object.freeze({ allowed: [], denied: [] });

const defaultPort = (protocol: string) => (protocol === 'https:' ? 443 : 80);

/** `host:port` of an `IDENTITY_ENDPOINT` URL; undefined when it is not an http(s) URL. */
export function parseEndpoint(url: string): Endpoint | undefined {
  if (!URL.canParse(url)) return undefined;
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  const name = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const ip = parseIp(name);
  return {
    host: ip ? formatIp(ip) : name,
    port: u.port === '' ? defaultPort(u.protocol) : Number(u.port),
  };
}

/**
 * Builds a policy from the setting's text (comma-separated CIDRs) and the identity endpoint URL.
 * Throws with the offending entry when a CIDR does not parse (settings fail loudly).
 */
export function createPolicy(allowedText: string | undefined, identityEndpoint?: string) {
  const parts = (allowedText ?? '').split(',').map((p) => p.trim());
  const allowed = parts
    .filter((p) => p !== '')
    .map((p) => {
      const parsed = parseCidr(p);
      if (!parsed) throw new Error(`not a CIDR (e.g. 10.0.0.0/8): "${p}"`);
      return parsed;
    });
  const identity = identityEndpoint === undefined ? undefined : parseEndpoint(identityEndpoint);
  const policy: NetworkPolicy = { allowed, denied: identity ? [identity] : [] };
  return Object.freeze(policy);
}

function isDenied(policy: NetworkPolicy, host: string, port: number): boolean {
  return policy.denied.some((d) => d.port === port && d.host === host.toLowerCase());
}

/** Null when the host name itself may be contacted (before any resolution), else the reason. */
export function checkHostName(policy: NetworkPolicy, host: string, port: number): string | null {
  return isDenied(policy, host, port) ? 'identity endpoint' : null;
}

/** Ranges an operator may reasonably open with METRIC_ALLOWED_NETWORKS: the block names the value. */
const ALLOWABLE = new Set(['loopback', 'private', 'CGNAT']);

/**
 * Null when `address` (resolved from a host, to be dialled on `port`) may be contacted, else a
 * short reason such as `link-local address`.
 */
export function checkAddress(policy: NetworkPolicy, address: IpAddress, port: number) {
  const ip = effectiveAddress(address);
  const kind = classifyAddress(ip);
  if (NEVER.some((net) => inCidr(ip, net))) return `${kind ?? 'Azure platform'} address`;
  if (isDenied(policy, formatIp(ip), port) || isDenied(policy, formatIp(address), port)) {
    return 'identity endpoint';
  }
  if (kind === null) return null;
  const allowed = policy.allowed.some((net) => inCidr(ip, net) || inCidr(address, net));
  if (allowed) return null;
  const range = ALLOWABLE.has(kind) ? rangeOf(ip) : undefined;
  return range
    ? `${kind} address (METRIC_ALLOWED_NETWORKS=${range} would allow it)`
    : `${kind} address`;
}

/** `checkAddress` for an address in text form; a non-address is refused. */
export function checkAddressText(policy: NetworkPolicy, text: string, port: number) {
  const ip = parseIp(text);
  return ip ? checkAddress(policy, ip, port) : 'not an IP address';
}
