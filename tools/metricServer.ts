/**
 * A local metric endpoint for the demo, the bench and tests: `GET /<anything>` answers
 * `{"active_users": value(path)}` after `latencyMs`. Listens on 127.0.0.1 only.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MetricServer {
  readonly baseUrl: string;
  /** Requests answered so far. */
  readonly requests: () => number;
  close(): Promise<void>;
}

export interface MetricServerOptions {
  readonly latencyMs?: number;
  readonly value: (path: string) => number;
  readonly port?: number;
}

export async function startMetricServer(opts: MetricServerOptions): Promise<MetricServer> {
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests += 1;
    const body = JSON.stringify({ active_users: opts.value(req.url ?? '/') });
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    }, opts.latencyMs ?? 0);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
