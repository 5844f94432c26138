/** The full form: scaleTargetRef, minReplicas, maxReplicas, metrics (HPA-style names). */
import {
  checkInteger,
  checkString,
  readNumber,
  readObject,
  readString,
  report,
  type Reader,
} from './fields.js';
import { parseMetrics } from './parseMetrics.js';
import { MAX_REPLICAS, SPEC_DEFAULTS, STRING_RULES } from './rules.js';
import type { ScaleTargetRef, ScalingSpec } from './types.js';

function readTargetRef(spec: Reader): ScaleTargetRef | undefined {
  const reader = readObject(spec, 'scaleTargetRef');
  if (reader === undefined) return undefined;
  const apiVersion = readString(reader, 'apiVersion', checkString(STRING_RULES.apiVersion), {
    fallback: SPEC_DEFAULTS.apiVersion,
  });
  const kind = readString(reader, 'kind', checkString(STRING_RULES.kind));
  const name = readString(reader, 'name', checkString(STRING_RULES.name));
  const namespace = readString(reader, 'namespace', checkString(STRING_RULES.namespace));
  if (apiVersion === undefined || kind === undefined) return undefined;
  return name === undefined || namespace === undefined
    ? undefined
    : { apiVersion, kind, name, namespace };
}

/** Reads the full form; undefined when any error was recorded in `spec.errors`. */
export function parseFull(spec: Reader): ScalingSpec | undefined {
  const target = readTargetRef(spec);
  const minReplicas = readNumber(spec, 'minReplicas', checkInteger(0, MAX_REPLICAS), {
    fallback: SPEC_DEFAULTS.minReplicas,
  });
  const maxReplicas = readNumber(spec, 'maxReplicas', checkInteger(1, MAX_REPLICAS));
  const metrics = parseMetrics(spec);
  if (minReplicas === undefined || maxReplicas === undefined) return undefined;
  if (minReplicas > maxReplicas) {
    report(spec, 'minReplicas', `must be less than or equal to maxReplicas (${maxReplicas})`);
    return undefined;
  }
  if (target === undefined || metrics === undefined) return undefined;
  return { form: 'full', target, minReplicas, maxReplicas, metrics };
}
