/** toStatusPatch: only what changed, removals as null (also inside a changed object field). */
import { toStatusPatch } from '../../lib/state/patch.js';
import type { Condition, ScalingStatus } from '../../lib/state/status.js';

const ready = (status: 'True' | 'False'): Condition => ({
  type: 'Ready',
  status,
  reason: 'Ready',
  message: 'm',
  lastTransitionTime: '2026-11-25T10:00:00Z',
});
const able: Condition = {
  type: 'AbleToScale',
  status: 'True',
  reason: 'SucceededGetScale',
  message: 'm',
  lastTransitionTime: '2026-11-25T10:00:00Z',
};
const base: ScalingStatus = {
  desiredReplicas: 3,
  currentReplicas: 3,
  conditions: [ready('True'), able],
  history: { recommendations: [{ time: 1, replicas: 3 }], scaleEvents: [] },
};

describe('toStatusPatch', () => {
  it.each<[string, ScalingStatus | undefined, ScalingStatus, Record<string, unknown>]>([
    ['first write: everything', undefined, base, { ...base }],
    ['nothing changed: empty', base, { ...base }, {}],
    ['one field changed', base, { ...base, desiredReplicas: 4 }, { desiredReplicas: 4 }],
    [
      'a list changed: sent whole',
      base,
      { ...base, history: { recommendations: [], scaleEvents: [{ time: 2, change: 1 }] } },
      { history: { recommendations: [], scaleEvents: [{ time: 2, change: 1 }] } },
    ],
    ['conditions reordered: unchanged', base, { ...base, conditions: [able, ready('True')] }, {}],
    [
      'a condition changed: the list whole',
      base,
      { ...base, conditions: [ready('False'), able] },
      { conditions: [ready('False'), able] },
    ],
    ['a field gone: null', base, { ...base, history: undefined }, { history: null }],
    [
      'an object field changed: the keys it dropped as null',
      { ...base, history: { recommendations: [], scaleEvents: [{ time: 1, change: 2 }] } },
      { ...base, history: { recommendations: [], scaleUpEvents: [{ time: 1, change: 2 }] } },
      {
        history: {
          recommendations: [],
          scaleUpEvents: [{ time: 1, change: 2 }],
          scaleEvents: null,
        },
      },
    ],
  ])('%s', (_, prev, next, want) => {
    expect(toStatusPatch(prev, next)).toEqual(want);
  });
});
