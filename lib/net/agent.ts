/**
 * http(s) Agents that only dial addresses the network policy allows. `createConnection` resolves
 * the host once (resolve.ts), checks every answer and connects to the checked address; TLS still
 * verifies the certificate against the host name (`servername`). IP-literal URLs go through the
 * same check, since Node skips DNS for them.
 */
import http from 'node:http';
import https from 'node:https';
import net, { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import type { NetworkPolicy } from './policy.js';
import { resolveChecked, systemResolver, type Resolver } from './resolve.js';

/** Opens the socket to an already checked address (injected in tests to refuse anything else). */
export type Dial = (
  options: net.TcpNetConnectOpts & tls.ConnectionOptions,
  secure: boolean,
) => Duplex;

export const systemDial: Dial = (options, secure) =>
  secure ? tls.connect(options) : net.connect(options);

export interface GuardOptions {
  readonly policy: NetworkPolicy;
  readonly resolve?: Resolver;
  readonly dial?: Dial;
}

type Callback = (err: Error | null, stream: Duplex) => void;

function connectGuarded(
  guard: GuardOptions,
  requestArgs: http.ClientRequestArgs,
  secure: boolean,
  callback: Callback,
): void {
  // https.Agent passes the TLS options (ca, cert, key, servername, …) in the same object.
  const args = requestArgs as http.ClientRequestArgs & tls.ConnectionOptions;
  const host = String(args.host ?? args.hostname ?? 'localhost').replace(/^\[|\]$/g, '');
  const port = Number(args.port ?? (secure ? 443 : 80));
  // Always TCP to the checked address: no unix socket path, no lookup of our own.
  const rest: Record<string, unknown> = { ...args };
  for (const key of ['path', 'socketPath', 'lookup']) delete rest[key];
  resolveChecked(guard.policy, host, port, guard.resolve ?? systemResolver).then(
    (address) => {
      const servername = args.servername || (isIP(host) ? undefined : host);
      const options = { ...rest, host: address, port, ...(secure ? { servername } : {}) };
      try {
        callback(null, (guard.dial ?? systemDial)(options, secure));
      } catch (err) {
        callback(err instanceof Error ? err : new Error('dial failed'), undefined as never);
      }
    },
    (err: unknown) =>
      callback(err instanceof Error ? err : new Error('lookup failed'), undefined as never),
  );
}

export class GuardedHttpAgent extends http.Agent {
  constructor(
    readonly guard: GuardOptions,
    options: http.AgentOptions = {},
  ) {
    super(options);
  }

  override createConnection(args: http.ClientRequestArgs, callback?: Callback): undefined {
    if (callback) connectGuarded(this.guard, args, false, callback);
    return undefined;
  }
}

export class GuardedHttpsAgent extends https.Agent {
  constructor(
    readonly guard: GuardOptions,
    options: https.AgentOptions = {},
  ) {
    super(options);
  }

  override createConnection(args: http.ClientRequestArgs, callback?: Callback): undefined {
    if (callback) connectGuarded(this.guard, args, true, callback);
    return undefined;
  }
}
