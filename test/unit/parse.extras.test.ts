/** The fields beside both forms: behavior, fallback, activation, schedules. */
import { DEFAULT_SCALE_DOWN } from '../../lib/behavior/defaults.js';
import { parseScaling } from '../../lib/spec/parse.js';
import { expectSpec, FULL, ORIGINAL, withField } from '../support/specFixtures.js';

const ALL = {
  ...FULL,
  minReplicas: 0,
  behavior: {
    scaleUp: { policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }], tolerance: 0.05 },
  },
  fallback: { failureThreshold: 3, replicas: 4 },
  activationThreshold: 10,
  schedules: [
    {
      name: 'office',
      start: '0 9 * * 1-5',
      duration: '8h',
      timeZone: 'Europe/Berlin',
      minReplicas: 5,
    },
  ],
};

describe('parseScaling: extras', () => {
  it('reads every extra with its defaults', () => {
    const spec = expectSpec(parseScaling(ALL));
    expect(spec.behavior).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }],
        tolerance: 0.05,
      },
      scaleDown: DEFAULT_SCALE_DOWN,
    });
    expect(spec.fallback).toEqual({ failureThreshold: 3, replicas: 4, behavior: 'static' });
    expect(spec.activation).toEqual({ threshold: 10, cooldownPeriodSeconds: 300 });
    expect(spec.schedules).toEqual([
      {
        name: 'office',
        start: '0 9 * * 1-5',
        durationSeconds: 28800,
        timeZone: 'Europe/Berlin',
        minReplicas: 5,
      },
    ]);
  });

  it('the original form takes behavior too and keeps its form', () => {
    const spec = expectSpec(parseScaling({ ...ORIGINAL, behavior: {} }));
    expect(spec.form).toBe('original');
    expect(spec.behavior?.scaleDown.stabilizationWindowSeconds).toBe(300);
  });

  it.each([
    [
      'behavior.scaleUp.stabilizationWindowSeconds',
      3601,
      'spec.behavior.scaleUp.stabilizationWindowSeconds',
    ],
    ['behavior.scaleUp.policies', [], 'spec.behavior.scaleUp.policies'],
    [
      'behavior.scaleUp.policies',
      [{ type: 'Pods', value: 1, periodSeconds: 1801 }],
      'spec.behavior.scaleUp.policies[0].periodSeconds',
    ],
    [
      'behavior.scaleUp.policies',
      [{ type: 'Cpu', value: 1, periodSeconds: 15 }],
      'spec.behavior.scaleUp.policies[0].type',
    ],
    ['behavior.scaleUp.tolerance', -0.1, 'spec.behavior.scaleUp.tolerance'],
    ['behavior.scaleDown', { selectPolicy: 'Largest' }, 'spec.behavior.scaleDown.selectPolicy'],
    ['fallback', { failureThreshold: 3 }, 'spec.fallback.replicas'],
    [
      'fallback',
      { failureThreshold: 3, replicas: 1, behavior: 'sometimes' },
      'spec.fallback.behavior',
    ],
    ['minReplicas', 1, 'spec.activationThreshold'], // activation needs minReplicas 0
    ['schedules', [{ ...ALL.schedules[0], start: '0 25 * * *' }], 'spec.schedules[0].start'],
    [
      'schedules',
      [{ ...ALL.schedules[0], timeZone: 'Mars/Olympus' }],
      'spec.schedules[0].timeZone',
    ],
    ['schedules', [{ ...ALL.schedules[0], end: '0 17 * * *' }], 'spec.schedules[0].end'],
    ['schedules', [{ ...ALL.schedules[0], duration: '8 hours' }], 'spec.schedules[0].duration'],
    [
      'schedules',
      [{ ...ALL.schedules[0], minReplicas: 5, maxReplicas: 4 }],
      'spec.schedules[0].minReplicas',
    ],
    ['schedules', [ALL.schedules[0], ALL.schedules[0]], 'spec.schedules[1].name'],
  ])('%s = %j → error at %s', (path, value, field) => {
    const r = parseScaling(withField(ALL, path, value));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field)).toContain(field);
  });
});
