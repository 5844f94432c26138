/** `fallback` and `advanced.horizontalPodAutoscalerConfig.behavior` → ours (same names). */
import type { Scope } from './notes.js';
import { isRecord } from './source.js';
import type { Path } from './types.js';
import { asString, readCount, readNumber } from './values.js';

const SAME_BEHAVIORS = [
  'static',
  'currentReplicas',
  'currentReplicasIfHigher',
  'currentReplicasIfLower',
];

/**
 * `formula`: the mapped `scalingModifiers`, if any. KEDA's `fallback.behavior: scalingModifiers`
 * (a failed trigger is nil only after `failureThreshold` failures) is `coalesce:
 * AfterFailureThreshold` there, so it is set on it.
 */
export function mapFallback(
  so: Scope,
  raw: unknown,
  formula?: Record<string, unknown>,
): Record<string, unknown> | undefined {
  if (!isRecord(raw)) return undefined;
  const at = (key: string): Path => ['spec', 'fallback', key];
  const failureThreshold = readCount(so, at('failureThreshold'), raw.failureThreshold);
  const replicas = readCount(so, at('replicas'), raw.replicas);
  if (failureThreshold === undefined || replicas === undefined) {
    so.drop(['spec', 'fallback'], 'needs failureThreshold and replicas: not carried over');
    return undefined;
  }
  let behavior = asString(raw.behavior) ?? 'static';
  if (behavior === 'scalingModifiers' && formula !== undefined) {
    formula.coalesce = 'AfterFailureThreshold';
    so.from('spec.formula.coalesce', at('behavior'));
    behavior = 'static';
  } else if (behavior === 'scalingModifiers') {
    so.drop(
      at('behavior'),
      'scalingModifiers without advanced.scalingModifiers: written as static',
    );
    behavior = 'static';
  } else if (!SAME_BEHAVIORS.includes(behavior)) {
    so.drop(at('behavior'), 'is not a KEDA fallback behavior: written as static');
    behavior = 'static';
  }
  so.from('spec.fallback', ['spec', 'fallback']);
  return { failureThreshold, replicas, ...(behavior !== 'static' && { behavior }) };
}

/** An HPA tolerance: a number or a Quantity string ("0.05", "50m"). */
function readTolerance(so: Scope, path: Path, raw: unknown): number | undefined {
  const m = typeof raw === 'string' ? /^\s*(\d+(?:\.\d+)?)(m?)\s*$/.exec(raw) : null;
  if (m) return Number(m[1]) / (m[2] === 'm' ? 1000 : 1);
  return readNumber(so, path, raw);
}

function mapRules(so: Scope, base: Path, raw: unknown): Record<string, unknown> | undefined {
  if (!isRecord(raw)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const path = [...base, key];
    if (key === 'stabilizationWindowSeconds') {
      const n = readCount(so, path, value);
      if (n !== undefined) out[key] = n;
    } else if (key === 'selectPolicy' && typeof value === 'string') out[key] = value;
    else if (key === 'policies' && Array.isArray(value)) {
      out[key] = value.map((p: unknown, i) => {
        const r = isRecord(p) ? p : {};
        const at = (k: string): Path => [...path, i, k];
        return {
          type: r.type,
          value: readCount(so, at('value'), r.value),
          periodSeconds: readCount(so, at('periodSeconds'), r.periodSeconds),
        };
      });
    } else if (key === 'tolerance') {
      const n = readTolerance(so, path, value);
      if (n !== undefined) out[key] = n;
    } else so.drop(path, 'not an HPAScalingRules field: not carried over');
  }
  return out;
}

export function mapBehavior(so: Scope, raw: unknown): Record<string, unknown> | undefined {
  if (!isRecord(raw)) return undefined;
  const base: Path = ['spec', 'advanced', 'horizontalPodAutoscalerConfig', 'behavior'];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key !== 'scaleUp' && key !== 'scaleDown') {
      so.drop([...base, key], 'not an HPA behavior field: not carried over');
      continue;
    }
    const rules = mapRules(so, [...base, key], value);
    if (rules !== undefined) out[key] = rules;
    so.from(`spec.behavior.${key}`, [...base, key]);
  }
  so.from('spec.behavior', base);
  return out;
}
