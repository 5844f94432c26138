/**
 * The API transport (lib/kube/transport.ts) against a real HTTP server on 127.0.0.1: a server
 * that never answers, or stops mid-body, fails in `timeoutMs` as "timed out"; a request that ends
 * in time leaves no deadline timer behind (nor does a metric fetch, lib/metrics/fetch.ts, whose
 * timeouts are in metrics-fetch.test.ts); `/status` patches and events ask for metadata only.
 */
import { createHook } from 'node:async_hooks';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeApiError } from '../../lib/kube/port.js';
import { createRestPort, METADATA_ONLY } from '../../lib/kube/restPort.js';
import { createHttpTransport } from '../../lib/kube/transport.js';
import { fetchBody } from '../../lib/metrics/fetch.js';
import { createPolicy } from '../../lib/net/policy.js';

let server: http.Server;
let base: string;
/** `METHOD path → accept` of every request the server saw. */
const seen: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url} → ${req.headers.accept}`);
    if (req.url?.includes('/hang')) return; // never answers
    if (req.url?.includes('/half')) return void res.writeHead(200).write('{"spec":');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"metadata":{"resourceVersion":"7"},"spec":{"replicas":3},"status":{"replicas":2}}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** A deadline no other timer of the process has. */
const DEADLINE = 61_234;
const credentials = { get: () => Promise.resolve({ headers: {} }) };
const ref = (name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  namespace: 'ns',
  name,
});

describe('the API transport deadline', () => {
  it.each([
    ['no answer at all', 'hang'],
    ['an answer that stops mid-body', 'half'],
  ])('%s: "timed out" after timeoutMs', async (_name, path) => {
    const port = createRestPort(createHttpTransport(base, 200, credentials));
    const e: unknown = await port.getScale(ref(path)).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(KubeApiError);
    expect((e as KubeApiError).message).toBe(
      `GET apps/v1 deployments ns/${path}/scale: timed out (API server ${base})`,
    );
  });
});

/** Timers of `DEADLINE` ms still armed once `fn` is done (unref'd ones included). */
async function armedAfter(fn: () => Promise<void>): Promise<number> {
  const armed = new Set<number>();
  const hook = createHook({
    init: (id, type, _trigger, timer) => {
      if (type === 'Timeout' && (timer as { _idleTimeout?: number })._idleTimeout === DEADLINE)
        armed.add(id);
    },
    destroy: (id) => void armed.delete(id),
  }).enable();
  try {
    await fn();
    await new Promise((resolve) => setImmediate(resolve)); // clearTimeout's destroy is async
  } finally {
    hook.disable();
  }
  return armed.size;
}

describe('a request answered in time leaves no deadline armed', () => {
  it('API transport', async () => {
    const port = createRestPort(createHttpTransport(base, DEADLINE, credentials));
    const armed = await armedAfter(async () => {
      expect(await port.getScale(ref('web'))).toMatchObject({ specReplicas: 3, statusReplicas: 2 });
    });
    expect(armed).toBe(0);
  });

  it('metric fetch', async () => {
    const network = createPolicy('127.0.0.0/8');
    const armed = await armedAfter(async () => {
      const body = await fetchBody(`${base}/m`, { timeoutMs: DEADLINE, maxBytes: 1000, network });
      expect(body).toMatchObject({ ok: true, body: { spec: { replicas: 3 } } });
    });
    expect(armed).toBe(0);
  });
});

describe("writes ask for the written object's metadata only", () => {
  it('a /status patch and an event; other requests plain JSON', async () => {
    const port = createRestPort(createHttpTransport(base, 5_000, credentials));
    seen.length = 0;
    expect(await port.patchStatus('s1', { desiredReplicas: 2 }, '6')).toBe('7');
    const about = { metadata: { name: 's1', uid: 'u' }, spec: {} };
    await port.createEvent(about, { type: 'Normal', reason: 'R', message: 'm' });
    await port.patchScale(ref('web'), 3);
    expect(seen).toEqual([
      `PATCH /apis/example.com/v1/businessscalings/s1/status → ${METADATA_ONLY}`,
      `POST /api/v1/namespaces/default/events → ${METADATA_ONLY}`,
      'PATCH /apis/apps/v1/namespaces/ns/deployments/web/scale → application/json',
    ]);
  });
});
