/**
 * The write deadline of a run, checked by every write request at the moment it is sent (client-go
 * passes a context with a deadline to each request; Node's equivalent is `AsyncLocalStorage`).
 * A run sets its gate around its body (`runWithWriteGate`); the REST adapter asks
 * `checkWriteGate` before each try of each PATCH/POST: a write queued behind the run's limit is
 * checked when it leaves the queue, each retry before it starts, the re-read and re-patch after
 * a 409 likewise. Lease requests are not gated (the elector governs them).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { KubeApiError } from './port.js';

/** Why a write may no longer start; undefined: it may. */
export type WriteGate = () => string | undefined;

/** A write not sent because the run's write deadline passed. `message` is safe to publish. */
export class WriteRefusedError extends KubeApiError {
  constructor(
    message: string,
    /** An earlier try of the same write was sent and got no clear answer: it may have landed. */
    readonly mayHaveLanded: boolean,
  ) {
    super(0, message);
    this.name = 'WriteRefusedError';
  }
}

const current = new AsyncLocalStorage<WriteGate>();

/** `body` and everything it starts send writes only while `gate` allows. */
export const runWithWriteGate = <T>(gate: WriteGate, body: () => Promise<T>): Promise<T> =>
  current.run(gate, body);

/** Throws `WriteRefusedError` when the current run's gate says no. `tries`: tries sent so far. */
export function checkWriteGate(request: string, tries: number): void {
  const why = current.getStore()?.();
  if (why === undefined) return;
  const landed = tries > 0 ? ' (an earlier try got no clear answer: it may have landed)' : '';
  throw new WriteRefusedError(`${request}: not sent, ${why}${landed}`, tries > 0);
}
