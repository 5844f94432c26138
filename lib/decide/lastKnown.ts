/**
 * `fallback.behavior: lastKnownValue` (kedacore/keda#965): a failed metric uses its last good
 * value while that is at most `maxAgeSeconds` old; after that it stays failed and the normal
 * fallback (failure count, static `replicas`) applies. Pure: values and times come in.
 */
import type { MetricResult } from '../metrics/types.js';
import type { ScalingSpec } from '../spec/types.js';

/** Metric name → its last good value and when it was read (Unix seconds). */
export type LastValues = Readonly<
  Record<string, { readonly value: number; readonly time: number }>
>;

export interface Substituted {
  readonly metrics: readonly MetricResult[];
  /** Names of the metrics that use their last known value this run. */
  readonly used: readonly string[];
  /** The next last values: every good read of this run, the rest kept. */
  readonly next: LastValues;
}

const isGood = (r: MetricResult | undefined): r is { ok: true; value: number } =>
  r !== undefined && r.ok && Number.isFinite(r.value);

export function substituteLastKnown(
  spec: ScalingSpec,
  metrics: readonly MetricResult[],
  last: LastValues | undefined,
  now: number,
): Substituted {
  const maxAge = spec.fallback?.maxAgeSeconds ?? 0;
  const next: Record<string, { value: number; time: number }> = {};
  const used: string[] = [];
  const out = spec.metrics.map((m, i): MetricResult => {
    const r = metrics[i];
    const prev = last?.[m.name];
    if (isGood(r)) {
      next[m.name] = { value: r.value, time: now };
      return r;
    }
    if (prev !== undefined) next[m.name] = prev;
    if (prev !== undefined && now - prev.time <= maxAge) {
      used.push(m.name);
      return { ok: true, value: prev.value };
    }
    return r ?? { ok: false, kind: 'parse', message: `${m.name}: no result` };
  });
  return { metrics: out, used, next };
}
