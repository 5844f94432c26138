/**
 * Tests of the network guard must never reach beyond 127.0.0.0/8, even when the guard under test
 * is broken. Two independent nets:
 * - `loopbackDial`: the Dial injected into the guarded agents; it refuses (and records) any
 *   address outside 127.0.0.0/8 instead of connecting;
 * - `installTripwire()`: wraps `net.Socket.prototype.connect` for the whole test file, so even a
 *   request that bypassed the guarded agents entirely is stopped before a packet leaves, and
 *   refuses host names (a bypass would resolve them itself).
 * Each records what it stopped; tests assert both lists are empty.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { Dial } from '../../lib/net/agent.js';
import { inCidr, parseCidr, parseIp } from '../../lib/net/ip.js';

const LOOPBACK = parseCidr('127.0.0.0/8')!;

export function isLoopbackLiteral(host: unknown): boolean {
  const ip = typeof host === 'string' ? parseIp(host) : undefined;
  return ip !== undefined && inCidr(ip, LOOPBACK);
}

export interface Tripwire {
  /** Destinations stopped (`host:port`). */
  readonly stopped: string[];
  uninstall(): void;
}

type ConnectArgs = Parameters<net.Socket['connect']>;

function targetOf(args: unknown[]): { host?: unknown; port?: unknown; path?: unknown } {
  const first = args[0];
  const options: unknown = Array.isArray(first) ? first[0] : first;
  if (typeof options === 'object' && options !== null) return options;
  return { port: first, host: args[1] ?? 'localhost' };
}

export function installTripwire(): Tripwire {
  const original = net.Socket.prototype.connect;
  const stopped: string[] = [];
  net.Socket.prototype.connect = function (this: net.Socket, ...args: ConnectArgs) {
    const target = targetOf(args);
    // A unix socket has a string path and no port; anything else is TCP (http.Agent passes
    // `path: null` along with host and port).
    const ipc = typeof target.path === 'string' && target.port === undefined;
    if (!ipc && !isLoopbackLiteral(target.host ?? 'localhost')) {
      stopped.push(`${String(target.host)}:${String(target.port)}`);
      throw new Error('tripwire: connection outside 127.0.0.0/8 refused');
    }
    return original.apply(this, args);
  } as typeof original;
  return {
    stopped,
    uninstall: () => {
      net.Socket.prototype.connect = original;
    },
  };
}

/** A Dial that connects only to 127.0.0.0/8 and records everything else it was asked for. */
export function loopbackDial(refused: string[]): Dial {
  return (options, secure) => {
    if (!isLoopbackLiteral(options.host)) {
      refused.push(`${String(options.host)}:${String(options.port)}`);
      throw new Error('test dial: only 127.0.0.0/8 may be dialled');
    }
    return secure ? tls.connect(options) : net.connect(options);
  };
}
