/**
 * The few parameters KEDA lets a Secret hold that are not credentials (`authMode`, the name of a
 * custom auth header) are read from a Secret given in the same input. Never used for a
 * credential, never printed.
 */
import type { Param } from './authParams.js';
import { isRecord } from './source.js';
import type { SourceDoc } from './types.js';

function decode(value: unknown, base64: boolean): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (!base64) return value;
  // Not base64 (the API server would refuse it): unknown rather than garbage.
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) return undefined;
  return Buffer.from(value, 'base64').toString('utf8').trim();
}

/** A plain parameter's value, or a Secret-held one's when that Secret is in the input. */
export function readPlainParam(
  docs: readonly SourceDoc[],
  param: Param | undefined,
): string | undefined {
  if (param === undefined) return undefined;
  if (param.kind === 'value') return param.value;
  const secret = docs.find(
    (d) =>
      d.kind === 'Secret' &&
      d.name === param.name &&
      (d.namespace === undefined || d.namespace === param.namespace),
  );
  if (secret === undefined) return undefined;
  const { stringData, data } = secret.value;
  const plain = isRecord(stringData) ? decode(stringData[param.key], false) : undefined;
  return plain ?? (isRecord(data) ? decode(data[param.key], true) : undefined);
}
