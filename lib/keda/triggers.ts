/**
 * `spec.triggers[]` → `spec.metrics[]`: the name (the formula refers to it), the source, its
 * auth, and the target (`metricType` + targetValue/threshold) unless a formula replaces it.
 * Activation values are returned for scaledObject.ts, which decides where they go.
 */
import { STRING_RULES } from '../spec/rules.js';
import { readAuthParams } from './authParams.js';
import { mapAuth, type TriggerType } from './authMap.js';
import { mapMetricsApi } from './metricsApi.js';
import type { Scope } from './notes.js';
import { mapPrometheus } from './prometheus.js';
import { isRecord } from './source.js';
import type { Path, SourceDoc } from './types.js';
import { asString, readNumber } from './values.js';

const KEYS: Readonly<Record<TriggerType, { target: string; activation: string }>> = {
  'metrics-api': { target: 'targetValue', activation: 'activationTargetValue' },
  prometheus: { target: 'threshold', activation: 'activationThreshold' },
};
const NAME = new RegExp(STRING_RULES.metricName.pattern);

export interface Activation {
  readonly threshold: number;
  readonly path: Path;
}

export interface MappedTriggers {
  readonly metrics: Record<string, unknown>[];
  /** Per carried-over trigger: its activation value (default 0) and where it is written. */
  readonly activations: Activation[];
}

function nameOf(
  so: Scope,
  base: Path,
  t: Readonly<Record<string, unknown>>,
  type: string,
  i: number,
) {
  const given = asString(t.name);
  if (given === undefined) return `${type}-${i}`;
  if (NAME.test(given)) return given;
  const fixed =
    given
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '_')
      .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || `${type}-${i}`;
  so.drop(
    [...base, 'name'],
    `is not a metric name here (${STRING_RULES.metricName.expected}): written as "${fixed}"; a formula that uses it must be changed too`,
  );
  return fixed;
}

function readTarget(so: Scope, base: Path, t: Readonly<Record<string, unknown>>, key: string) {
  const meta = isRecord(t.metadata) ? t.metadata : {};
  const type = asString(t.metricType) ?? 'AverageValue';
  if (type !== 'AverageValue' && type !== 'Value') {
    so.drop(
      [...base, 'metricType'],
      `${type} is for cpu/memory triggers: trigger not carried over`,
    );
    return undefined;
  }
  const value = readNumber(so, [...base, 'metadata', key], meta[key]);
  if (value === undefined || value <= 0) {
    so.drop(
      [...base, 'metadata'],
      `needs ${key} > 0 without scalingModifiers (KEDA rejects it too): trigger not carried over`,
    );
    return undefined;
  }
  return type === 'Value' ? { type, value } : { type, averageValue: value };
}

export function mapTriggers(
  so: Scope,
  docs: readonly SourceDoc[],
  namespace: string,
  withFormula: boolean,
): MappedTriggers {
  const spec = isRecord(so.doc.value.spec) ? so.doc.value.spec : {};
  const triggers: unknown[] = Array.isArray(spec.triggers) ? spec.triggers : [];
  const out: MappedTriggers = { metrics: [], activations: [] };
  triggers.forEach((raw, i) => {
    const base: Path = ['spec', 'triggers', i];
    const t = isRecord(raw) ? raw : {};
    const type = asString(t.type) ?? '';
    if (type !== 'metrics-api' && type !== 'prometheus') {
      so.drop(
        [...base, 'type'],
        `trigger type "${type}" has no equivalent here (only metrics-api and prometheus)`,
      );
      return;
    }
    const meta = isRecord(t.metadata) ? t.metadata : {};
    const keys = KEYS[type];
    const target = withFormula ? undefined : readTarget(so, base, t, keys.target);
    if (!withFormula && target === undefined) return;
    const source =
      type === 'metrics-api' ? mapMetricsApi(so, base, meta) : mapPrometheus(so, base, meta);
    if (source === undefined) return;
    const url = asString(type === 'prometheus' ? meta.serverAddress : meta.url);
    const auth = mapAuth(so, base, readAuthParams(so, docs, t, base, namespace), type, url);
    if (t.useCachedMetrics !== undefined)
      so.info(
        [...base, 'useCachedMetrics'],
        'each run reads the source once; there is no separate HPA poll to cache for',
      );
    const activationPath: Path = [...base, 'metadata', keys.activation];
    const activation = readNumber(so, activationPath, meta[keys.activation]) ?? 0;
    if (withFormula && meta[keys.activation] !== undefined)
      so.info(
        activationPath,
        'ignored under scalingModifiers (KEDA ignores it too): activationTarget decides',
      );
    so.from(`spec.metrics[${out.metrics.length}]`, base);
    out.metrics.push({
      name: nameOf(so, base, t, type, i),
      [type === 'prometheus' ? 'prometheus' : 'http']: { ...source, ...(auth && { auth }) },
      ...(target && { target }),
    });
    out.activations.push({ threshold: activation, path: activationPath });
  });
  return out;
}
