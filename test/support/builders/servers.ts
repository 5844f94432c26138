/**
 * Metric HTTP servers on 127.0.0.1 for tests, each started in beforeAll and closed in afterAll
 * of the describe (or file) that uses it.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  json,
  startMetricServer,
  type Answer,
  type MetricServer,
  type MetricServerOptions,
} from '../../../tools/metricServer.js';
import { installTripwire, type Tripwire } from '../tripwire.js';

/** Values and failures a test changes between runs, read by `keyedAnswer`. */
export interface KeyedValues {
  readonly values: Map<string, number>;
  readonly failing: Set<string>;
}

export const keyedValues = (): KeyedValues => ({ values: new Map(), failing: new Set() });

/** `/v/<key>` → `{"value": values[key]}`, or HTTP 500 with `failBody` while `key` is failing. */
export const keyedAnswer =
  ({ values, failing }: KeyedValues, failBody = 'internal error') =>
  (p: string): Answer => {
    const key = p.replace('/v/', '');
    if (failing.has(key)) return { status: 500, body: failBody };
    return json({ value: values.get(key) });
  };

/** tools/metricServer.ts for the enclosing describe; returns its getter. */
export function useMetricServer(opts: MetricServerOptions): () => MetricServer {
  let server: MetricServer | undefined;
  beforeAll(async () => {
    server = await startMetricServer(opts);
  });
  afterAll(() => server?.close());
  return () => {
    if (!server) throw new Error('metric server not started (beforeAll failed?)');
    return server;
  };
}

/** Listens on 127.0.0.1 (a free port) in beforeAll, closes in afterAll; returns its base URL. */
export function useLoopbackServer(server: Server): () => string {
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });
  return () => base;
}

/** The tripwire (test/support/tripwire.ts) for the enclosing describe or file; returns its getter. */
export function useTripwire(): () => Tripwire {
  let tripwire: Tripwire | undefined;
  beforeAll(() => {
    tripwire = installTripwire();
  });
  afterAll(() => tripwire?.uninstall());
  return () => {
    if (!tripwire) throw new Error('tripwire not installed (beforeAll failed?)');
    return tripwire;
  };
}
