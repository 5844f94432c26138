/**
 * One request of the REST adapter as the port's callers see it: counted, sent once more after a
 * 401 the credentials could refresh, retried when it is a write (retry.ts), checked against the
 * run's write deadline before each try of a gated write (writeGate.ts), and every failure turned
 * into a `KubeApiError` whose message names the request, never its body or credentials.
 */
import { STATUS_CODES } from 'node:http';
import { HttpStatusError, type RequestCounters } from './http.js';
import { KubeApiError } from './port.js';
import { withRetries, type RetryPolicy } from './retry.js';
import { checkWriteGate } from './writeGate.js';

export type Call = <T>(verb: string, what: string, fn: () => Promise<T>) => Promise<T>;

export interface CallOptions {
  readonly counters?: RequestCounters;
  readonly onUnauthorized?: () => Promise<boolean>;
  readonly retry: RetryPolicy;
  /** Writes check the run's write gate before each try (false for the Lease's own requests). */
  readonly gated: boolean;
}

const WRITES = new Set(['PATCH', 'POST']);

export function createCall(opts: CallOptions): Call {
  return async <T>(verb: string, what: string, fn: () => Promise<T>): Promise<T> => {
    const write = WRITES.has(verb);
    let tries = 0;
    const send = async () => {
      if (write && opts.gated) checkWriteGate(`${verb} ${what}`, tries);
      tries += 1;
      if (opts.counters) opts.counters.byVerb[verb] = (opts.counters.byVerb[verb] ?? 0) + 1;
      return await fn();
    };
    const once = () =>
      send().catch(async (e: unknown) => {
        const unauthorized = e instanceof HttpStatusError && e.status === 401;
        if (!unauthorized || !opts.onUnauthorized) throw e;
        if (!(await opts.onUnauthorized().catch(() => false))) throw e;
        return await send();
      });
    try {
      // Only writes are retried here: a failed read fails its resource and the next run reads again.
      return await (write ? withRetries(once, opts.retry) : once());
    } catch (e) {
      throw toKubeApiError(`${verb} ${what}`, e);
    }
  };
}

/** A safe message: the request, the status and the API `reason`; for network errors the code. */
export function toKubeApiError(request: string, e: unknown): KubeApiError {
  if (e instanceof KubeApiError) return e;
  if (e instanceof HttpStatusError) {
    const status = e.status;
    const reason = reasonOf(e.body) ?? STATUS_CODES[status] ?? 'error';
    return new KubeApiError(status, `${request}: ${status} ${reason}`);
  }
  const err = e as {
    name?: unknown;
    code?: unknown;
    server?: unknown;
    cause?: { code?: unknown; name?: unknown };
  };
  const at = typeof err?.server === 'string' ? ` (API server ${err.server})` : '';
  if (err?.name === 'TimeoutError' || err?.cause?.name === 'TimeoutError') {
    return new KubeApiError(0, `${request}: timed out${at}`);
  }
  const code = [err?.cause?.code, err?.code, err?.cause?.name, err?.name].find(
    (c) => typeof c === 'string',
  );
  return new KubeApiError(0, `${request}: network error ${String(code ?? 'unknown')}${at}`);
}

function reasonOf(body: unknown): string | undefined {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const reason = (parsed as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' && /^[A-Za-z]{1,64}$/.test(reason) ? reason : undefined;
}
