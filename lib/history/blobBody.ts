/** Bounded reading of a blob download: its body up to a cap. */
import { HistoryError } from './codec.js';

/** The body as UTF-8, refused (and the stream destroyed) past `maxBytes`. */
export async function readCapped(
  body: NodeJS.ReadableStream | undefined,
  maxBytes: number,
): Promise<string> {
  if (body === undefined) return '';
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of body) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += buf.length;
    if (bytes > maxBytes) {
      (body as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      throw new HistoryError(`stored history is over the ${maxBytes} bound`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
