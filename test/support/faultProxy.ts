/**
 * A fault-injecting HTTPS proxy of our own in front of the real kube-apiserver, serving a test
 * CA (test/support/certs.ts) on 127.0.0.1. Rules pick requests by kind (status/scale writes,
 * events, lists) and answer them with a status (and `Retry-After`), a delay, a connection reset,
 * a dropped connection (`reset`), or no answer at all (`hold`, for a reconciler killed mid-write). Everything else is forwarded.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { writeKubeconfig } from '../../tools/credentials.js';
import { makeCerts } from './certs.js';

export type RequestKind = 'status' | 'scale' | 'event' | 'list' | 'other';

export type Fault =
  | { readonly status: number; readonly retryAfter?: string }
  | { readonly reset: true }
  | { readonly delayMs: number }
  | { readonly hold: true };

export interface Rule {
  readonly kind: RequestKind;
  readonly fault: Fault;
  /** How many matching requests it applies to; default: all. */
  times?: number;
  /** Only requests whose path contains this. */
  readonly match?: string;
}

export interface FaultProxy {
  readonly server: string;
  readonly rules: Rule[];
  /** Every request seen: kind and the fault applied (if any). */
  readonly seen: { kind: RequestKind; path: string; fault?: string }[];
  /** Resolves when a request of `kind` arrives (e.g. to kill the reconciler mid-write). */
  next(kind: RequestKind): Promise<void>;
  /** A kubeconfig for `token` that points at the proxy and trusts its CA. */
  kubeconfig(dir: string, token: string): string;
  close(): Promise<void>;
}

export function kindOf(method: string, url: string): RequestKind {
  const p = url.split('?')[0] ?? '';
  if (method === 'PATCH' && p.endsWith('/status')) return 'status';
  if (method === 'PATCH' && p.endsWith('/scale')) return 'scale';
  if (method === 'POST' && p.endsWith('/events')) return 'event';
  if (method === 'GET' && /\/businessscalings$/.test(p)) return 'list';
  return 'other';
}

export async function startFaultProxy(upstream: string, upstreamCa: Buffer): Promise<FaultProxy> {
  const certs = makeCerts(['127.0.0.1']);
  const agent = new https.Agent({ keepAlive: true, ca: upstreamCa });
  const rules: Rule[] = [];
  const seen: FaultProxy['seen'] = [];
  const waiters: { kind: RequestKind; resolve: () => void }[] = [];
  const held = new Set<import('node:http').ServerResponse>();
  const target = new URL(upstream);

  const server = https.createServer(
    { cert: certs.serverCert, key: certs.serverKey },
    (req, res) => {
      const kind = kindOf(req.method ?? 'GET', req.url ?? '/');
      for (const w of waiters.filter((x) => x.kind === kind)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
      const rule = rules.find(
        (r) => r.kind === kind && (r.times ?? 1) > 0 && (!r.match || req.url?.includes(r.match)),
      );
      if (rule && rule.times !== undefined) rule.times--;
      const fault = rule?.fault;
      seen.push({ kind, path: req.url ?? '', ...(fault && { fault: JSON.stringify(fault) }) });
      if (fault && 'status' in fault) {
        req.resume();
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
        res.writeHead(fault.status, headers);
        res.end(JSON.stringify({ kind: 'Status', reason: 'InjectedFault', code: fault.status }));
        return;
      }
      if (fault && 'reset' in fault) {
        // A TLS socket cannot send a TCP RST from Node: the connection is dropped mid-request.
        req.socket.destroy();
        return;
      }
      if (fault && 'hold' in fault) {
        held.add(res);
        return;
      }
      const forward = () => {
        const up = https.request(
          {
            host: target.hostname,
            port: target.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, host: target.host },
            agent,
          },
          (upRes) => {
            res.writeHead(upRes.statusCode ?? 502, upRes.headers);
            upRes.pipe(res);
          },
        );
        up.on('error', () => req.socket.destroy()); // upstream down: the client sees a reset
        req.pipe(up);
      };
      if (fault && 'delayMs' in fault) setTimeout(forward, fault.delayMs);
      else forward();
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}`;
  return {
    server: url,
    rules,
    seen,
    next: (kind) => new Promise((resolve) => waiters.push({ kind, resolve })),
    kubeconfig(dir, token) {
      const file = path.join(dir, `proxy-${port}.kubeconfig`);
      writeKubeconfig(file, url, Buffer.from(certs.ca).toString('base64'), 'proxied', token);
      return file;
    },
    async close() {
      for (const res of held) res.socket?.destroy();
      server.closeAllConnections();
      agent.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
