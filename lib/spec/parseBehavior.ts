/** `spec.behavior`: autoscaling/v2 HorizontalPodAutoscalerBehavior, defaults as the HPA. */
import { resolveBehavior } from '../behavior/defaults.js';
import type { Behavior, ScalingPolicy, ScalingRules } from '../behavior/types.js';
import { EXTRA_LIMITS } from './extraTypes.js';
import {
  checkEnum,
  checkInteger,
  isObject,
  isSet,
  readList,
  readNumber,
  readObject,
  readString,
  type Check,
  type Reader,
} from './fields.js';

export const checkNonNegativeNumber: Check = (value) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
  return value >= 0 ? null : 'must be greater than or equal to 0';
};

function readPolicy(
  item: unknown,
  path: string,
  errors: Reader['errors'],
): ScalingPolicy | undefined {
  if (!isObject(item)) {
    errors.push({ field: path, message: 'must be an object' });
    return undefined;
  }
  const r: Reader = { obj: item, path, errors };
  const type = readString(r, 'type', checkEnum(['Pods', 'Percent'])) as ScalingPolicy['type'];
  const value = readNumber(r, 'value', checkInteger(1, 2_147_483_647));
  const periodSeconds = readNumber(
    r,
    'periodSeconds',
    checkInteger(1, EXTRA_LIMITS.maxPeriodSeconds),
  );
  if (type === undefined || value === undefined || periodSeconds === undefined) return undefined;
  return { type, value, periodSeconds };
}

type Mutable<T> = { -readonly [K in keyof T]?: T[K] };

/** Only the fields the user set: the defaults are applied by `resolveBehavior`, wholesale. */
function readRules(behavior: Reader, key: string): Partial<ScalingRules> | undefined {
  const r = readObject(behavior, key, { optional: true });
  if (r === undefined) return undefined;
  const rules: Mutable<ScalingRules> = {};
  const window = readNumber(
    r,
    'stabilizationWindowSeconds',
    checkInteger(0, EXTRA_LIMITS.maxStabilizationWindowSeconds),
    { optional: true },
  );
  if (window !== undefined) rules.stabilizationWindowSeconds = window;
  const select = readString(r, 'selectPolicy', checkEnum(['Max', 'Min', 'Disabled']), {
    optional: true,
  });
  if (select !== undefined) rules.selectPolicy = select as ScalingRules['selectPolicy'];
  const tolerance = readNumber(r, 'tolerance', checkNonNegativeNumber, { optional: true });
  if (tolerance !== undefined) rules.tolerance = tolerance;
  if (isSet(r.obj.policies)) {
    const items = readList(r, 'policies', 1, EXTRA_LIMITS.maxPolicies);
    const policies = items?.map((p, i) => readPolicy(p, `${r.path}.policies[${i}]`, r.errors));
    if (policies?.every((p) => p !== undefined)) rules.policies = policies;
  }
  return rules;
}

/** Undefined when absent (or wrong: the error is recorded). `behavior: {}` means all defaults. */
export function parseBehavior(spec: Reader): Behavior | undefined {
  const r = readObject(spec, 'behavior', { optional: true });
  if (r === undefined) return undefined;
  return resolveBehavior({
    scaleUp: readRules(r, 'scaleUp'),
    scaleDown: readRules(r, 'scaleDown'),
  });
}
