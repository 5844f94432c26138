/** The spec fields that belong to neither form: behavior, fallback, activation, schedules. */
import {
  EXTRA_DEFAULTS,
  EXTRA_LIMITS,
  FALLBACK_BEHAVIORS,
  SCALING_MODES,
  type ActivationSpec,
  type FallbackBehavior,
  type FallbackSpec,
  type ScalingExtras,
  type ScalingMode,
} from './extraTypes.js';
import {
  checkEnum,
  checkInteger,
  isSet,
  readNumber,
  readObject,
  readString,
  type Reader,
} from './fields.js';
import { checkNonNegativeNumber, parseBehavior } from './parseBehavior.js';
import { parseSchedules } from './parseSchedules.js';
import { MAX_REPLICAS } from './rules.js';

function parseFallback(spec: Reader): FallbackSpec | undefined {
  const r = readObject(spec, 'fallback', { optional: true });
  if (r === undefined) return undefined;
  const failureThreshold = readNumber(r, 'failureThreshold', checkInteger(0, 1_000_000));
  const replicas = readNumber(r, 'replicas', checkInteger(0, MAX_REPLICAS));
  const behavior = readString(r, 'behavior', checkEnum(FALLBACK_BEHAVIORS), {
    fallback: EXTRA_DEFAULTS.fallbackBehavior,
  }) as FallbackBehavior | undefined;
  const maxAgeSeconds = readNumber(
    r,
    'maxAgeSeconds',
    checkInteger(1, EXTRA_LIMITS.maxCooldownSeconds),
    {
      optional: true,
    },
  );
  if (failureThreshold === undefined || replicas === undefined || behavior === undefined) {
    return undefined;
  }
  if (behavior !== 'lastKnownValue') return { failureThreshold, replicas, behavior };
  const maxAge = maxAgeSeconds ?? EXTRA_DEFAULTS.lastKnownMaxAgeSeconds;
  return { failureThreshold, replicas, behavior, maxAgeSeconds: maxAge };
}

/** Scale to zero is configured by either field; the other takes its KEDA default. */
function parseActivation(spec: Reader): ActivationSpec | undefined {
  if (!isSet(spec.obj.activationThreshold) && !isSet(spec.obj.cooldownPeriodSeconds)) {
    return undefined;
  }
  const threshold = readNumber(spec, 'activationThreshold', checkNonNegativeNumber, {
    fallback: EXTRA_DEFAULTS.activationThreshold,
  });
  const cooldownPeriodSeconds = readNumber(
    spec,
    'cooldownPeriodSeconds',
    checkInteger(0, EXTRA_LIMITS.maxCooldownSeconds),
    { fallback: EXTRA_DEFAULTS.cooldownPeriodSeconds },
  );
  if (threshold === undefined || cooldownPeriodSeconds === undefined) return undefined;
  return { threshold, cooldownPeriodSeconds };
}

/** The extras present (errors recorded in `spec.errors`); `minReplicas` checks need the form's. */
export function parseExtras(spec: Reader, minReplicas: number | undefined): ScalingExtras {
  const mode = readString(spec, 'mode', checkEnum(SCALING_MODES), { optional: true }) as
    ScalingMode | undefined;
  const behavior = parseBehavior(spec);
  const fallback = parseFallback(spec);
  const activation = parseActivation(spec);
  if (activation !== undefined && minReplicas !== undefined && minReplicas !== 0) {
    spec.errors.push({
      field: `${spec.path}.activationThreshold`,
      message: 'needs minReplicas 0 (activation decides between 0 and the metrics)',
    });
  }
  const schedules = parseSchedules(spec);
  return {
    ...(mode === 'Observe' && { mode }),
    ...(behavior !== undefined && { behavior }),
    ...(fallback !== undefined && { fallback }),
    ...(activation !== undefined && { activation }),
    ...(schedules !== undefined && { schedules }),
  };
}
