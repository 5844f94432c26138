/**
 * Pipeline policies for `@azure/storage-blob` clients in tests: one that records every request
 * that reaches the wire (method, status, response length), and one that trusts a self-signed
 * certificate (Azurite over https).
 */
import https from 'node:https';
import type { RequestPolicyFactory } from '@azure/storage-blob';

export interface Sent {
  readonly method: string;
  /** 0: no response (a network error). */
  readonly status: number;
  /** The response's Content-Length (NaN when it had none). */
  readonly length: number;
}

export function countRequests(log: Sent[]): RequestPolicyFactory {
  return {
    create: (next) => ({
      async sendRequest(request) {
        try {
          const res = await next.sendRequest(request);
          const length = Number(res.headers.get('content-length') ?? NaN);
          log.push({ method: request.method, status: res.status, length });
          return res;
        } catch (err) {
          // Below this policy a status the operation does not expect is already a RestError.
          const status = (err as { statusCode?: number }).statusCode ?? 0;
          log.push({ method: request.method, status, length: NaN });
          throw err;
        }
      },
    }),
  };
}

export function trustCertificate(ca: string): RequestPolicyFactory {
  const agent = new https.Agent({ ca, keepAlive: true });
  return {
    create: (next) => ({
      sendRequest(request) {
        request.agent = agent;
        return next.sendRequest(request);
      },
    }),
  };
}
