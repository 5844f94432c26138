/**
 * A local metric endpoint for the demo, the bench and tests, on 127.0.0.1 only. By default
 * `GET /<anything>` answers `{"active_users": value(path)}` after `latencyMs`; `answer` takes
 * full control per path (status, body, or no answer at all).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MetricServer {
  readonly baseUrl: string;
  /** Requests answered so far. */
  readonly requests: () => number;
  close(): Promise<void>;
}

/** What to send for one request; `'no-answer'` keeps the request hanging (a timeout test). */
export type Answer =
  { readonly status: number; readonly body: string; readonly contentType?: string } | 'no-answer';

export interface MetricServerOptions {
  readonly latencyMs?: number;
  /** The original form's body `{"active_users": N}`; receives the request URL. */
  readonly value?: (path: string) => number;
  /** Overrides `value`: the whole answer; receives the URL path without its query. */
  readonly answer?: (path: string) => Answer;
  readonly port?: number;
}

/** A JSON answer with status 200. */
export const json = (body: unknown): Answer => ({
  status: 200,
  body: JSON.stringify(body),
  contentType: 'application/json',
});

export async function startMetricServer(opts: MetricServerOptions): Promise<MetricServer> {
  let requests = 0;
  const answerOf = (url: string): Answer =>
    opts.answer
      ? opts.answer(new URL(url, 'http://x').pathname)
      : json({ active_users: opts.value?.(url) });
  const server: Server = createServer((req, res) => {
    requests += 1;
    const answer = answerOf(req.url ?? '/');
    if (answer === 'no-answer') return;
    setTimeout(() => {
      res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'text/plain' });
      res.end(answer.body);
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
