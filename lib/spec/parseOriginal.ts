/**
 * The original Kopf operator's form: targetDeployment, metricSource, scaleThresholds (plus the
 * optional targetNamespace), mapped onto the common ScalingSpec.
 */
import {
  checkInteger,
  checkString,
  readNumber,
  readObject,
  readString,
  report,
  type Reader,
} from './fields.js';
import { MAX_REPLICAS, ORIGINAL_METRIC, SPEC_DEFAULTS, STRING_RULES } from './rules.js';
import type { ScalingSpec } from './types.js';
import { checkHttpUrl } from './url.js';

interface Thresholds {
  readonly minUsers: number;
  readonly maxUsers: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
}

function readThresholds(spec: Reader): Thresholds | undefined {
  const reader = readObject(spec, 'scaleThresholds');
  if (reader === undefined) return undefined;
  const before = reader.errors.length;
  const minUsers = readNumber(reader, 'minUsers', checkInteger(0));
  const maxUsers = readNumber(reader, 'maxUsers', checkInteger(0));
  const minReplicas = readNumber(reader, 'minReplicas', checkInteger(0, MAX_REPLICAS));
  const maxReplicas = readNumber(reader, 'maxReplicas', checkInteger(1, MAX_REPLICAS));
  if (minUsers !== undefined && maxUsers !== undefined && maxUsers <= minUsers) {
    report(reader, 'maxUsers', `must be greater than minUsers (${minUsers})`);
  }
  if (minReplicas !== undefined && maxReplicas !== undefined && minReplicas > maxReplicas) {
    report(reader, 'minReplicas', `must be less than or equal to maxReplicas (${maxReplicas})`);
  }
  if (minUsers === undefined || maxUsers === undefined || reader.errors.length > before) {
    return undefined;
  }
  if (minReplicas === undefined || maxReplicas === undefined) return undefined;
  return { minUsers, maxUsers, minReplicas, maxReplicas };
}

/** Reads the original form; undefined when any error was recorded in `spec.errors`. */
export function parseOriginal(spec: Reader): ScalingSpec | undefined {
  const name = readString(spec, 'targetDeployment', checkString(STRING_RULES.name));
  const namespace = readString(spec, 'targetNamespace', checkString(STRING_RULES.namespace), {
    fallback: SPEC_DEFAULTS.targetNamespace,
  });
  const url = readString(spec, 'metricSource', checkHttpUrl);
  const thresholds = readThresholds(spec);
  if (name === undefined || namespace === undefined || url === undefined) return undefined;
  if (thresholds === undefined) return undefined;
  const { minUsers, maxUsers, minReplicas, maxReplicas } = thresholds;
  return {
    form: 'original',
    target: { apiVersion: 'apps/v1', kind: 'Deployment', name, namespace },
    minReplicas,
    maxReplicas,
    metrics: [{ name: ORIGINAL_METRIC.name, http: { url, valuePath: ORIGINAL_METRIC.valuePath } }],
    thresholds: { minUsers, maxUsers },
  };
}
