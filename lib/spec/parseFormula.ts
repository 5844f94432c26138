/**
 * `spec.formula` (full form): `{ expression, target, activationTarget? }`. The expression is parsed
 * here, once; an invalid one is a field error with the position of the error.
 */
import { parseFormula as parseExpression } from '../formula/parse.js';
import {
  COALESCE_MODES,
  FORMULA_LIMITS,
  type CoalesceMode,
  type FormulaSpec,
} from '../formula/types.js';
import {
  checkEnum,
  isSet,
  readNumber,
  readObject,
  readString,
  report,
  type Reader,
} from './fields.js';
import { readTarget } from './parseMetrics.js';
import type { ScalingSpec } from './types.js';

const checkExpression = (value: unknown): string | null => {
  if (typeof value !== 'string' || value.trim() === '') return 'must be a non-empty string';
  return value.length > FORMULA_LIMITS.maxLength
    ? `must be at most ${FORMULA_LIMITS.maxLength} characters`
    : null;
};

const checkNonNegative = (value: unknown): string | null =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? null
    : 'must be a number >= 0';

/** Undefined when absent or wrong (errors recorded); `spec` is the parsed form, if any. */
export function readFormula(
  reader: Reader,
  spec:
    Pick<ScalingSpec, 'form' | 'metrics' | 'minReplicas' | 'activation' | 'fallback'> | undefined,
): FormulaSpec | undefined {
  if (!isSet(reader.obj.formula)) return undefined;
  const formula = readObject(reader, 'formula');
  if (!formula) return undefined;
  if (spec?.form === 'original') {
    report(reader, 'formula', 'needs the full form (scaleTargetRef, maxReplicas, metrics)');
    return undefined;
  }
  const expression = readString(formula, 'expression', checkExpression);
  const target = readTarget(formula);
  const activationTarget = readNumber(formula, 'activationTarget', checkNonNegative, {
    optional: true,
  });
  if (activationTarget !== undefined && spec !== undefined && spec.minReplicas !== 0) {
    report(
      formula,
      'activationTarget',
      'needs minReplicas 0 (activation decides between 0 and the formula)',
    );
  }
  if (activationTarget !== undefined && isSet(reader.obj.activationThreshold)) {
    report(formula, 'activationTarget', 'must not be set together with spec.activationThreshold');
  }
  const coalesce = readString(formula, 'coalesce', checkEnum(COALESCE_MODES), {
    optional: true,
  }) as CoalesceMode | undefined;
  if (coalesce === 'AfterFailureThreshold' && spec !== undefined && !spec.fallback) {
    report(formula, 'coalesce', 'AfterFailureThreshold needs spec.fallback (its failureThreshold)');
  }
  if (expression === undefined) return undefined;
  const parsed = parseExpression(
    expression,
    spec?.metrics.map((m) => m.name),
  );
  if (!parsed.ok) {
    report(formula, 'expression', `is invalid: ${parsed.message}`);
    return undefined;
  }
  if (target === undefined || spec === undefined) return undefined;
  return {
    expression,
    ast: parsed.ast,
    target,
    ...(activationTarget !== undefined && { activationTarget }),
    ...(coalesce !== undefined && { coalesce }),
  };
}
