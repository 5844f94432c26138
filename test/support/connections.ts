/** TCP connections undici opens to a port while `fn` runs (its `undici:client:connected` channel). */
import diagnostics from 'node:diagnostics_channel';

export async function countConnections(port: number, fn: () => Promise<void>): Promise<number> {
  let count = 0;
  const onConnect = (msg: unknown) => {
    if (Number((msg as { connectParams: { port: string } }).connectParams.port) === port) count++;
  };
  diagnostics.subscribe('undici:client:connected', onConnect);
  try {
    await fn();
  } finally {
    diagnostics.unsubscribe('undici:client:connected', onConnect);
  }
  return count;
}
