/**
 * The pipeline after pause and schedules: bounds → raw proposal → fallback → activation →
 * behavior (or a plain clamp) → explanation. Pure: `now`, the state and the pause come in.
 */
import { seedHistory, toUnixSeconds } from '../behavior/history.js';
import type { MetricResult } from '../metrics/types.js';
import { Reason } from '../reasons.js';
import type { EffectiveBounds } from '../schedule/windows.js';
import { toChangeDecision, toHeldDecision } from './describe.js';
import { countFailures, fallbackReplicas, hasFailedMetric, isFallbackEngaged } from './fallback.js';
import { decideBeforeMetrics } from './guard.js';
import { normalizeStep } from './normalizeStep.js';
import { NOT_PAUSED } from './pause.js';
import { substituteLastKnown } from './lastKnown.js';
import { proposeRaw, type RawProposal } from './raw.js';
import { DEFAULT_TOLERANCES } from './tolerance.js';
import type { DecideInput, Decision, LimitReason, LimitedBy, ScalingState } from './types.js';

function isActive(metrics: readonly MetricResult[], threshold: number): boolean {
  return metrics.some((m) => m.ok && Number.isFinite(m.value) && m.value > threshold);
}

/** A bound that came from a schedule window is explained as `Schedule`. */
export function boundRule(limited: LimitReason, b: EffectiveBounds): LimitedBy | undefined {
  if (limited === 'TooManyReplicas' && b.maxFrom !== undefined) return 'Schedule';
  if (limited === 'TooFewReplicas' && b.minFrom !== undefined) return 'Schedule';
  return limited === 'DesiredWithinRange' ? undefined : limited;
}

function firstFailed(metrics: readonly MetricResult[]): number | undefined {
  const i = metrics.findIndex((m) => !m.ok || !Number.isFinite(m.value));
  return i < 0 ? undefined : i;
}

export function decideScaling(
  given: DecideInput,
  bounds: EffectiveBounds,
  baseMin: number,
): Decision {
  const now = toUnixSeconds(given.now);
  // lastKnownValue: a failed metric reads as its last good value while that is fresh enough.
  const lk =
    given.spec.fallback?.behavior === 'lastKnownValue'
      ? substituteLastKnown(given.spec, given.metrics, given.state?.lastValues, now)
      : undefined;
  const input = lk === undefined ? given : { ...given, metrics: lk.metrics };
  const { spec, currentReplicas: current, metrics } = input;
  const pause = input.pause ?? NOT_PAUSED;
  const b = spec.behavior;
  // The full form without behavior is an HPA without behavior (legacy path, §1.6).
  const legacy = b === undefined && spec.form === 'full';
  const prev = input.state ?? {};
  const failedNow = hasFailedMetric(metrics, spec.metrics.length);
  // A formula with coalesce AfterFailureThreshold counts failed reads, and falls back only when
  // the formula itself failed (KEDA's fallback.behavior: scalingModifiers).
  const failed = input.failedRun ?? failedNow;
  const failureCount = spec.fallback ? countFailures(prev.failureCount, failed) : undefined;
  const fallbackActive = spec.fallback
    ? isFallbackEngaged(spec.fallback, failureCount ?? 0) &&
      (input.failedRun === undefined || failedNow)
    : undefined;
  const active = spec.activation ? isActive(metrics, spec.activation.threshold) : undefined;
  let state: ScalingState = {
    ...((b || legacy) && { history: seedHistory(prev.history, current, now) }),
    ...(failureCount !== undefined && { failureCount }),
    ...(spec.activation && {
      lastActiveTime: active === true ? now : prev.lastActiveTime,
    }),
    ...(lk && { lastValues: lk.next }),
  };
  const finish = (d: Decision, limitedBy?: LimitedBy): Decision => ({
    ...d,
    state,
    ...(limitedBy !== undefined && { limitedBy }),
    ...(fallbackActive !== undefined && { fallbackActive }),
    ...(active !== undefined && { active }),
    ...(lk !== undefined && lk.used.length > 0 && { lastKnown: lk.used }),
  });

  // 1. Current outside [min, max] is corrected at once, bypassing behavior (HPA).
  if (spec.form === 'full' || b !== undefined) {
    const early = decideBeforeMetrics(input, {
      baseMinReplicas: baseMin,
      handsOffAtZero: spec.form === 'full',
    });
    if (early !== undefined) return finish(early, boundRule(early.limited, bounds));
  }

  // 2. The metrics' proposal; 3. the fallback replaces what failed.
  const tolerances = b
    ? { scaleUp: b.scaleUp.tolerance, scaleDown: b.scaleDown.tolerance }
    : DEFAULT_TOLERANCES;
  let raw: RawProposal = proposeRaw(input, tolerances);
  if (fallbackActive === true && spec.fallback) {
    const fb = fallbackReplicas(spec.fallback, current);
    const best = raw.kind === 'proposed' ? raw.replicas : raw.blocked;
    const replicas = spec.form === 'full' && best !== undefined ? Math.max(best, fb) : fb;
    raw = {
      kind: 'proposed',
      replicas,
      computed: replicas,
      reason: `fallback to ${fb} replicas (${spec.fallback.behavior}) after ${failureCount} failed runs`,
      limited: 'DesiredWithinRange',
      failedMetric: firstFailed(metrics),
    };
  }
  if (raw.kind === 'held') return finish(raw.decision, boundRule(raw.decision.limited, bounds));

  // 4. Scale to zero (KEDA activation): only while the effective minimum is 0.
  let floor = bounds.minReplicas;
  let floorRule: LimitedBy | undefined;
  const act = spec.activation;
  if (act && bounds.minReplicas === 0 && fallbackActive !== true) {
    const change = (desired: number, reason: string, rule?: LimitedBy) =>
      finish(
        toChangeDecision({
          currentReplicas: current,
          desiredReplicas: desired,
          computedReplicas: raw.computed,
          reason,
          limited: 'DesiredWithinRange',
        }),
        rule,
      );
    const below = `All metrics at or below the activation threshold ${act.threshold}`;
    if (active === true) {
      floor = 1; // KEDA hands the HPA max(1, minReplicas)
      if (current === 0 && pause.scaleOut) return change(0, 'scale from zero paused', 'Paused');
    } else if (failed) {
      return finish(
        toHeldDecision({
          currentReplicas: current,
          reason: Reason.FailedGetMetric,
          message: `Size held at ${current}; no metric above the activation threshold and one failed`,
          failedMetric: firstFailed(metrics),
        }),
      );
    } else if (current === 0) {
      return change(0, below);
    } else {
      const last = state.lastActiveTime;
      const cooled = last === undefined || last + act.cooldownPeriodSeconds < now;
      if (cooled && !pause.scaleIn)
        return change(0, `${below} for ${act.cooldownPeriodSeconds}s`, 'ScaleToZero');
      floor = 1;
      floorRule = cooled ? 'Paused' : 'Cooldown';
    }
  }

  // 5. Behavior (stabilization, rate policies, bounds), the HPA's legacy path, or a clamp.
  const n = normalizeStep(
    {
      desired: raw.replicas,
      rawLimited: raw.limited,
      current,
      minReplicas: floor,
      maxReplicas: bounds.maxReplicas,
      history: state.history,
      now,
      pause,
    },
    b,
    legacy,
  );
  if (n.history) state = { ...state, history: n.history };
  const { replicas: final, limited, stabilized } = n;
  const pauseRule: LimitedBy | undefined = n.paused ? 'Paused' : undefined;
  const limitedBy =
    pauseRule ??
    (fallbackActive === true ? 'Fallback' : undefined) ??
    (floorRule !== undefined && final === floor && raw.replicas < floor ? floorRule : undefined) ??
    boundRule(limited, bounds) ??
    (stabilized !== undefined && stabilized !== 'ReadyForNewScale' ? stabilized : undefined);
  const d = toChangeDecision({
    currentReplicas: current,
    desiredReplicas: final,
    computedReplicas: raw.computed,
    reason: raw.reason,
    limited,
    failedMetric: raw.failedMetric,
  });
  const stab = { stabilized, stabilizedReplicas: n.stabilizedReplicas };
  return finish(stabilized === undefined ? d : { ...d, ...stab }, limitedBy);
}
