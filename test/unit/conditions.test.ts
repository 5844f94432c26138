import { conditionsEqual, setCondition, statusEqual } from '../../lib/state/conditions.js';
import { toRfc3339 } from '../../lib/util/time.js';
import type { Condition, ScalingStatus } from '../../lib/state/status.js';

const NOW = new Date('2026-11-25T20:00:00.123Z');
const T0 = '2026-11-25T19:00:00Z';
const NOW_S = '2026-11-25T20:00:00Z';

const cond = (c: Partial<Condition> & Pick<Condition, 'type'>): Condition => ({
  status: 'True',
  reason: 'R',
  message: 'm',
  lastTransitionTime: T0,
  ...c,
});
type Next = Omit<Condition, 'lastTransitionTime'>;

describe('setCondition', () => {
  it.each([
    // name, list, next, expected lastTransitionTime
    ['new condition', [], { type: 'Ready', status: 'True', reason: 'Ready', message: 'ok' }, NOW_S],
    [
      'same status, new reason and message: time kept',
      [cond({ type: 'Ready', reason: 'Old', message: 'old' })],
      { type: 'Ready', status: 'True', reason: 'Ready', message: 'ok' },
      T0,
    ],
    [
      'status flips True → False',
      [cond({ type: 'Ready' })],
      { type: 'Ready', status: 'False', reason: 'FailedGetMetric', message: 'x' },
      NOW_S,
    ],
    [
      'status flips Unknown → True',
      [cond({ type: 'AbleToScale', status: 'Unknown' })],
      { type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale', message: 'x' },
      NOW_S,
    ],
    [
      'other type with the same status does not count',
      [cond({ type: 'AbleToScale' })],
      { type: 'Ready', status: 'True', reason: 'Ready', message: 'ok' },
      NOW_S,
    ],
    [
      'stored condition without a time gets one',
      [cond({ type: 'Ready', lastTransitionTime: '' })],
      { type: 'Ready', status: 'True', reason: 'Ready', message: 'ok' },
      NOW_S,
    ],
  ] as [string, Condition[], Next, string][])('%s', (_n, list, next, time) => {
    const out = setCondition(list, next, NOW);
    expect(out.filter((c) => c.type === next.type)).toEqual([
      { ...next, lastTransitionTime: time },
    ]);
  });

  it('orders by type: Ready, AbleToScale, ScalingActive, ScalingLimited', () => {
    const list = [cond({ type: 'ScalingLimited' }), cond({ type: 'Ready' })];
    const next: Next = { type: 'AbleToScale', status: 'True', reason: 'R', message: 'm' };
    const out = setCondition(
      setCondition(list, next, NOW),
      { ...next, type: 'ScalingActive' },
      NOW,
    );
    expect(out.map((c) => c.type)).toEqual([
      'Ready',
      'AbleToScale',
      'ScalingActive',
      'ScalingLimited',
    ]);
  });

  it('replaces duplicates of the type and leaves the input untouched', () => {
    const list = [cond({ type: 'Ready', reason: 'A' }), cond({ type: 'Ready', reason: 'B' })];
    const frozen = JSON.stringify(list);
    const out = setCondition(
      list,
      { type: 'Ready', status: 'True', reason: 'C', message: 'm' },
      NOW,
    );
    expect(out).toEqual([cond({ type: 'Ready', reason: 'C' })]);
    expect(JSON.stringify(list)).toBe(frozen);
  });

  it.each([
    ['undefined generation is left out', undefined, {}],
    ['generation is kept', 7, { observedGeneration: 7 }],
  ] as const)('%s', (_n, observedGeneration, extra) => {
    const next: Next = {
      type: 'Ready',
      status: 'True',
      reason: 'R',
      message: 'm',
      observedGeneration,
    };
    const [out] = setCondition([], next, NOW);
    expect(out).toStrictEqual({
      type: 'Ready',
      status: 'True',
      reason: 'R',
      message: 'm',
      lastTransitionTime: NOW_S,
      ...extra,
    });
  });

  it('writes RFC 3339 in whole seconds', () => {
    // 20:00:00.999 is still second 20:00:00 (truncated, as metav1.Time)
    expect(toRfc3339(new Date('2026-11-25T20:00:00.999Z'))).toBe('2026-11-25T20:00:00Z');
  });
});

describe('conditionsEqual', () => {
  const ready = cond({ type: 'Ready' });
  const able = cond({ type: 'AbleToScale' });
  it.each([
    ['same, other order', [ready, able], [able, ready], true],
    ['other time', [ready], [{ ...ready, lastTransitionTime: NOW_S }], false],
    ['other message', [ready], [{ ...ready, message: 'n' }], false],
    [
      'other generation',
      [{ ...ready, observedGeneration: 1 }],
      [{ ...ready, observedGeneration: 2 }],
      false,
    ],
    ['undefined generation vs none', [{ ...ready, observedGeneration: undefined }], [ready], true],
    ['one more', [ready], [ready, able], false],
    ['same length, other types', [ready, ready], [ready, able], false],
    ['none vs empty', undefined, [], true],
    ['none vs one', undefined, [ready], false],
  ] as [string, Condition[] | undefined, Condition[] | undefined, boolean][])(
    '%s',
    (_n, a, b, equal) => {
      expect(conditionsEqual(a, b)).toBe(equal);
      expect(conditionsEqual(b, a)).toBe(equal);
    },
  );
});

describe('statusEqual', () => {
  const base: ScalingStatus = {
    observedGeneration: 3,
    target: 'Deployment/shop/web',
    minReplicas: 1,
    maxReplicas: 10,
    currentReplicas: 4,
    desiredReplicas: 5,
    computedReplicas: 5,
    currentMetrics: [
      { name: 'orders', value: 450 },
      { name: 'queue', error: 'timeout: m/q' },
    ],
    lastScaleTime: T0,
    conditions: [cond({ type: 'Ready' }), cond({ type: 'ScalingLimited', status: 'False' })],
  };
  it.each([
    ['a copy', JSON.parse(JSON.stringify(base)) as ScalingStatus, true],
    ['conditions reordered', { ...base, conditions: [...base.conditions!].reverse() }, true],
    ['a field removed', { ...base, lastScaleTime: undefined }, false],
    ['desired differs', { ...base, desiredReplicas: 6 }, false],
    [
      'metric value differs',
      { ...base, currentMetrics: [{ name: 'orders', value: 451 }, base.currentMetrics![1]!] },
      false,
    ],
    [
      'metrics reordered (they follow spec.metrics)',
      { ...base, currentMetrics: [...base.currentMetrics!].reverse() },
      false,
    ],
    [
      'a condition time differs',
      {
        ...base,
        conditions: [cond({ type: 'Ready', lastTransitionTime: NOW_S }), base.conditions![1]!],
      },
      false,
    ],
    // fields added later (behavior history) are compared too, without listing them
    [
      'an unknown field differs',
      { ...base, history: [{ at: T0, replicas: 3 }] } as ScalingStatus,
      false,
    ],
  ] as [string, ScalingStatus, boolean][])('%s', (_n, other, equal) => {
    expect(statusEqual(base, other)).toBe(equal);
    expect(statusEqual(other, base)).toBe(equal);
  });

  it.each([
    // JSON never writes an undefined key, and an empty list is no list (equality.Semantic)
    [
      'undefined key vs missing key',
      { currentReplicas: 4, computedReplicas: undefined },
      { currentReplicas: 4 },
      true,
    ],
    ['empty metrics vs none', { currentMetrics: [] }, {}, true],
    ['empty conditions vs none', { conditions: [] }, {}, true],
    ['0 vs missing', { currentReplicas: 0 }, {}, false],
  ] as [string, ScalingStatus, ScalingStatus, boolean][])('%s', (_n, a, b, equal) => {
    expect(statusEqual(a, b)).toBe(equal);
    expect(statusEqual(b, a)).toBe(equal);
  });
});
