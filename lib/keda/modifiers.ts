/**
 * `advanced.scalingModifiers` → `spec.formula`. The expression is copied as written; whether our
 * language reads it is decided by our own parser when the result is checked (convert.ts), which
 * then names the unsupported construct and its position.
 */
import type { Scope } from './notes.js';
import { isRecord } from './source.js';
import type { Path } from './types.js';
import { asString, readNumber } from './values.js';

const BASE: Path = ['spec', 'advanced', 'scalingModifiers'];

export function mapModifiers(so: Scope): Record<string, unknown> | undefined {
  const spec = isRecord(so.doc.value.spec) ? so.doc.value.spec : {};
  const advanced = isRecord(spec.advanced) ? spec.advanced : {};
  const sm = isRecord(advanced.scalingModifiers) ? advanced.scalingModifiers : undefined;
  if (sm === undefined || Object.keys(sm).length === 0) return undefined;
  const at = (key: string): Path => [...BASE, key];
  const expression = asString(sm.formula);
  if (expression === undefined || expression.trim() === '') {
    so.drop(BASE, 'has no formula (KEDA then ignores it): not carried over');
    return undefined;
  }
  const target = readNumber(so, at('target'), sm.target);
  if (target === undefined || target <= 0) {
    so.drop(
      at('target'),
      'must be a number > 0 (KEDA rejects it too): the formula is not carried over',
    );
    return undefined;
  }
  const metricType = asString(sm.metricType) ?? 'AverageValue';
  if (metricType !== 'AverageValue' && metricType !== 'Value') {
    so.drop(at('metricType'), 'must be AverageValue or Value: the formula is not carried over');
    return undefined;
  }
  const activationTarget = readNumber(so, at('activationTarget'), sm.activationTarget);
  for (const key of Object.keys(sm)) {
    if (!['formula', 'target', 'metricType', 'activationTarget'].includes(key))
      so.info(at(key), 'not a scalingModifiers field: KEDA ignores it too');
  }
  if (expression.includes('??')) {
    so.info(
      at('formula'),
      "?? takes its right side on the first failed read here (coalesce: OnFailure); with fallback.behavior scalingModifiers it is KEDA's rule (coalesce: AfterFailureThreshold)",
    );
  }
  so.from('spec.formula', BASE);
  so.from('spec.formula.expression', at('formula'));
  so.from('spec.formula.target', at('target'));
  so.from('spec.formula.activationTarget', at('activationTarget'));
  return {
    expression,
    target:
      metricType === 'Value'
        ? { type: 'Value', value: target }
        : { type: 'AverageValue', averageValue: target },
    ...(activationTarget !== undefined && { activationTarget }),
  };
}
