/**
 * What KEDA settles on for a ScaledObject, computed from the ScaledObject itself (not from our
 * conversion): activation and scale to zero (scale_scaledobjects.go), fallback (fallback.go),
 * then the HPA's replica formula for External metrics of type AverageValue / Value, with its
 * 0.1 tolerance, iterated to its fixed point between max(1, min) and max (KEDA's HPA bounds).
 */

interface Trigger {
  readonly type: string;
  readonly name?: string;
  readonly metricType?: string;
  readonly metadata: Readonly<Record<string, string>>;
}

export interface KedaScaledObject {
  readonly spec: {
    readonly minReplicaCount?: number;
    readonly maxReplicaCount?: number;
    readonly fallback?: { failureThreshold: number; replicas: number; behavior?: string };
    readonly advanced?: {
      readonly horizontalPodAutoscalerConfig?: { readonly behavior?: unknown };
      readonly scalingModifiers?: {
        target: string;
        activationTarget?: string;
        metricType?: string;
      };
    };
    readonly triggers: readonly Trigger[];
  };
}

export interface KedaStep {
  /** Trigger name (or `<type>-<index>`) → value; undefined: the trigger fails. */
  readonly values: Readonly<Record<string, number | undefined>>;
  readonly current: number;
  /** The formula, written in JavaScript, when the ScaledObject has scalingModifiers. */
  readonly composite?: (v: Readonly<Record<string, number>>) => number;
}

interface Metric {
  readonly value: number;
  readonly type: string;
  readonly target: number;
}

const TARGET_KEY: Readonly<Record<string, string>> = {
  'metrics-api': 'targetValue',
  prometheus: 'threshold',
};
const ACTIVATION_KEY: Readonly<Record<string, string>> = {
  'metrics-api': 'activationTargetValue',
  prometheus: 'activationThreshold',
};

/** One HPA proposal (replica_calculator.go, External metrics). */
function propose(m: Metric, current: number): number {
  const ratio = m.type === 'Value' ? m.value / m.target : m.value / (m.target * current);
  if (Math.abs(ratio - 1) <= 0.1) return current;
  return m.type === 'Value' ? Math.ceil(current * ratio) : Math.ceil(m.value / m.target);
}

/**
 * The HPA's scale-up cap per sync: without behavior the legacy max(2 × current, 4); with a
 * behavior that leaves scaleUp at its defaults, Pods 4 or Percent 100 per 15 s (selectPolicy Max).
 */
const capOf = (withBehavior: boolean, current: number) =>
  withBehavior ? Math.max(current + 4, 2 * current) : Math.max(2 * current, 4);

function hpaSteady(
  metrics: readonly Metric[],
  start: number,
  bounds: { lo: number; hi: number; withBehavior: boolean },
): number {
  const { lo, hi, withBehavior } = bounds;
  let current = start;
  for (let i = 0; i < 64; i += 1) {
    const proposed = Math.max(...metrics.map((m) => propose(m, current)));
    const desired = Math.min(hi, capOf(withBehavior, current), Math.max(lo, proposed));
    if (desired === current) break;
    current = desired;
  }
  return current;
}

export const triggerName = (t: Trigger, i: number) => t.name ?? `${t.type}-${i}`;

/** The replicas KEDA and its HPA settle on; a failing trigger has failed for good. */
export function kedaDesired(so: KedaScaledObject, step: KedaStep): number {
  const s = so.spec;
  const min = s.minReplicaCount ?? 0;
  const max = s.maxReplicaCount ?? 100;
  const names = s.triggers.map(triggerName);
  const failing = names.some((n) => step.values[n] === undefined);
  if (failing && s.fallback) {
    const fb = s.fallback.replicas;
    const b = s.fallback.behavior ?? 'static';
    const r =
      b === 'currentReplicas'
        ? step.current
        : b === 'currentReplicasIfHigher'
          ? Math.max(step.current, fb)
          : b === 'currentReplicasIfLower'
            ? Math.min(step.current, fb)
            : fb;
    return Math.min(max, Math.max(min, r));
  }
  if (failing) return step.current; // the HPA holds (no metric), KEDA does not deactivate
  const v = step.values as Readonly<Record<string, number>>;
  const sm = s.advanced?.scalingModifiers;
  let metrics: Metric[];
  let active: boolean;
  if (sm && step.composite) {
    const c = step.composite(v);
    active = c > Number(sm.activationTarget ?? 0);
    metrics = [{ value: c, type: sm.metricType ?? 'AverageValue', target: Number(sm.target) }];
  } else {
    active = s.triggers.some(
      (t, i) => v[names[i]!]! > Number(t.metadata[ACTIVATION_KEY[t.type]!] ?? 0),
    );
    metrics = s.triggers.map((t, i) => ({
      value: v[names[i]!]!,
      type: t.metricType ?? 'AverageValue',
      target: Number(t.metadata[TARGET_KEY[t.type]!]),
    }));
  }
  if (!active && min === 0) return 0; // after cooldownPeriod
  const lo = Math.max(1, min);
  const withBehavior = s.advanced?.horizontalPodAutoscalerConfig?.behavior !== undefined;
  return hpaSteady(metrics, Math.max(step.current, lo), { lo, hi: max, withBehavior });
}
