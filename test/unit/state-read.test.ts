/** lib/state: status → State (read.ts, migrate.ts), tolerant, and back (render.ts). */
import fc from 'fast-check';
import { statusEqual } from '../../lib/state/conditions.js';
import { readState } from '../../lib/state/read.js';
import { toStatus } from '../../lib/state/render.js';
import type { ScalingStatus } from '../../lib/state/status.js';
import { SCHEMA_VERSION } from '../../lib/state/types.js';

const T0 = 1_800_000_000;
const rfc = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');
const ready = {
  type: 'Ready' as const,
  status: 'True' as const,
  reason: 'Ready',
  message: 'metrics read and target scaled as desired',
  lastTransitionTime: rfc(T0 - 600),
  observedGeneration: 2,
};
const report = {
  target: 'Deployment/shop/web',
  mode: 'Active' as const,
  minReplicas: 1,
  maxReplicas: 10,
  currentReplicas: 3,
  desiredReplicas: 3,
  computedReplicas: 3,
  currentMetrics: [{ name: 'orders', value: 30 }],
};
const history = {
  recommendations: [
    { time: T0 - 60, replicas: 4 },
    { time: T0, replicas: 3 },
  ],
  scaleUpEvents: [
    { time: T0 - 900, change: 2, outdated: true },
    { time: T0 - 30, change: 1, pending: true },
  ],
  scaleDownEvents: [{ time: T0 - 120, change: 1 }],
};
const decision = {
  time: rfc(T0),
  from: 3,
  to: 3,
  action: 'unchanged' as const,
  reason: 'ReadyForNewScale',
  metrics: [{ name: 'orders', value: 30, averageValue: 10, proposal: 3 }],
};

/** Every shape main writes today (lib/reconcile/status.ts at a955d3b), and what it reads into. */
const SHAPES: [string, ScalingStatus, Record<string, unknown>][] = [
  ['no status yet', {}, { scaling: {}, conditions: [] }],
  [
    'an invalid spec: conditions only',
    { recordedAt: rfc(T0), observedGeneration: 1, conditions: [ready] },
    { recordedAt: rfc(T0), observedGeneration: 1, conditions: [ready], scaling: {} },
  ],
  [
    'a target error: conditions and bounds',
    { recordedAt: rfc(T0), conditions: [ready], target: report.target, mode: 'Observe' },
    { report: { target: report.target, mode: 'Observe' }, scaling: {} },
  ],
  [
    'decided, no behavior, decision record',
    { recordedAt: rfc(T0), conditions: [ready], ...report, decisions: [decision] },
    { report, decisions: [decision], scaling: {} },
  ],
  [
    'behavior: history with pending and outdated events, an intent, a scale time',
    {
      recordedAt: rfc(T0),
      conditions: [ready],
      ...report,
      history,
      intent: { replicas: 4, from: 3, time: T0 - 30, change: 1 },
      lastScaleTime: rfc(T0 - 30),
    },
    {
      scaling: { history },
      intent: { replicas: 4, from: 3, time: T0 - 30, change: 1 },
      lastScaleTime: rfc(T0 - 30),
    },
  ],
  [
    'fallback and activation: failure count, last active time, last known values',
    {
      recordedAt: rfc(T0),
      failureCount: 2,
      lastActiveTime: rfc(T0 - 10),
      lastKnownValues: [
        { name: 'a', value: 1.5, time: rfc(T0 - 20) },
        { name: 'b', value: 0, time: rfc(T0) },
      ],
    },
    {
      scaling: {
        failureCount: 2,
        lastActiveTime: T0 - 10,
        lastValues: { a: { value: 1.5, time: T0 - 20 }, b: { value: 0, time: T0 } },
      },
    },
  ],
  [
    'Observe mode beside an HPA, schedules open',
    {
      ...report,
      mode: 'Observe',
      beside: 'HorizontalPodAutoscaler shop/web',
      activeSchedules: ['sale'],
    },
    {
      report: {
        ...report,
        mode: 'Observe',
        beside: 'HorizontalPodAutoscaler shop/web',
        activeSchedules: ['sale'],
      },
    },
  ],
];

describe('readState reads every status main writes today into the same State, and back', () => {
  it.each(SHAPES)('%s', (_, status, expected) => {
    const { state, warnings } = readState(status);
    expect(warnings).toEqual([]);
    expect(state).toMatchObject(expected);
    expect(state.schemaVersion).toBe(0); // written before versions
    expect(state.stored).toBe(status);
    // Rendered again, it is the same status: reading loses nothing a run wrote.
    expect(statusEqual({ ...toStatus(state), schemaVersion: undefined }, status)).toBe(true);
  });
});

describe('migration (migrate.ts)', () => {
  it('layout 0: the signed scaleEvents list is split by sign, oldest first, and not written again', () => {
    const { state, warnings } = readState({
      history: {
        recommendations: [],
        scaleEvents: [
          { time: T0, change: -2 },
          { time: T0 - 60, change: 3 },
          { time: T0 - 30, change: 0 },
        ],
      },
    });
    expect(warnings).toEqual(['status.history.scaleEvents: 1 malformed item(s) dropped']);
    expect(state.scaling.history).toEqual({
      recommendations: [],
      scaleUpEvents: [{ time: T0 - 60, change: 3 }],
      scaleDownEvents: [{ time: T0, change: 2 }],
    });
    expect(toStatus(state).history?.scaleEvents).toBeUndefined();
    expect(toStatus(state).schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('layout 1: a stray scaleEvents list is not read', () => {
    const status = { schemaVersion: 1, history: { scaleEvents: [{ time: T0, change: 3 }] } };
    expect(readState(status).state.scaling.history?.scaleUpEvents).toEqual([]);
  });

  it.each([
    [{ schemaVersion: 7 }, 7, 'status.schemaVersion 7: written by a newer version, read as 1'],
    [{ schemaVersion: 'x' }, 0, 'status.schemaVersion: not a whole number, read as 0'],
  ])('%j', (status, version, warning) => {
    const { state, warnings } = readState(status);
    expect(state.schemaVersion).toBe(version);
    expect(warnings).toEqual([warning]);
  });
});

describe('damaged fields become warnings (field names, never values)', () => {
  it.each([
    ['status: not an object, read as empty', 'oops'],
    ['status.history: not an object, ignored', { history: 'SECRET' }],
    [
      'status.history.recommendations: 1 malformed item(s) dropped',
      { history: { recommendations: [{ time: 'SECRET' }] } },
    ],
    ['status.failureCount: not a whole number ≥ 0, ignored', { failureCount: -1 }],
    ['status.lastActiveTime: not a time, ignored', { lastActiveTime: 'SECRET' }],
    ['status.intent: malformed, ignored', { intent: { replicas: 'SECRET' } }],
    ['status.recordedAt: not a time, ignored', { recordedAt: 'SECRET' }],
    ['status.conditions: 1 malformed item(s) dropped', { conditions: ['SECRET'] }],
    ['status.decisions: not a list, ignored', { decisions: 'SECRET' }],
    [
      'status.lastKnownValues: malformed or repeated item(s) dropped',
      { lastKnownValues: [{ name: 'SECRET' }] },
    ],
  ])('%s', (warning, status) => {
    expect(readState(status).warnings).toEqual([warning]);
  });

  it('never throws, and no warning carries a value (property)', () => {
    const secret = fc.constant('s3cr3t-token');
    const value = fc.oneof(secret, fc.anything(), fc.array(fc.oneof(secret, fc.anything())));
    const field = fc.constantFrom(
      'history',
      'intent',
      'recordedAt',
      'conditions',
      'decisions',
      'failureCount',
      'lastActiveTime',
      'lastKnownValues',
      'schemaVersion',
      'observedGeneration',
      'lastScaleTime',
    );
    const history = fc.record({ recommendations: value, scaleUpEvents: value, scaleEvents: value });
    fc.assert(
      fc.property(fc.dictionary(field, fc.oneof(value, history)), (status) => {
        const { state, warnings } = readState(status);
        expect(warnings.join('\n')).not.toContain('s3cr3t');
        expect(() => toStatus(state)).not.toThrow();
      }),
    );
  });
});
