/**
 * Local stand-ins for Azure endpoints on 127.0.0.1, for tests and the cold-start bench: any
 * JSON endpoint, and the managed identity endpoint (`$IDENTITY_ENDPOINT`, the App Service /
 * Functions protocol) that `ManagedIdentityCredential` calls on Azure Functions.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeServer {
  readonly url: string;
  /** `METHOD path?query` of each request, and its headers. */
  readonly requests: { line: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, url: URL) => { status: number; body: unknown };

export async function startFakeServer(handle: Handler): Promise<FakeServer> {
  const requests: FakeServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ line: `${req.method} ${url.pathname}${url.search}`, headers: req.headers });
    const { status, body } = handle(req, url);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

/** The Functions/App Service identity endpoint: checks `X-IDENTITY-HEADER`, hands out `token`. */
export function startIdentityEndpoint(secret: string, token: () => string): Promise<FakeServer> {
  return startFakeServer((req) => {
    if (req.headers['x-identity-header'] !== secret) return { status: 401, body: {} };
    const expiresOn = Math.floor(Date.now() / 1000) + 3600;
    return {
      status: 200,
      body: { access_token: token(), expires_on: String(expiresOn), token_type: 'Bearer' },
    };
  });
}
