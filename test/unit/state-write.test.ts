/** lib/state: a run's fields → the next State (render.ts), its one patch (patch.ts), intents. */
import { confirmIntent, keepRecord, withIntent } from '../../lib/state/intent.js';
import { asWritten, toPatch } from '../../lib/state/patch.js';
import { readState } from '../../lib/state/read.js';
import { recordRun, toStatus, type RunFields } from '../../lib/state/render.js';
import type { ScalingStatus } from '../../lib/state/status.js';
import type { NewCondition } from '../../lib/state/types.js';

const T0 = 1_800_000_000;
const rfc = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');
const at = (s: number) => new Date(s * 1000);
const ready = (status: 'True' | 'False', reason = 'Ready'): NewCondition => ({
  type: 'Ready',
  status,
  reason,
  message: reason,
  observedGeneration: 2,
});
const decision = {
  time: rfc(T0),
  from: 2,
  to: 3,
  action: 'scale' as const,
  reason: 'orders above target',
  metrics: [],
};
const history = {
  recommendations: [{ time: T0, replicas: 3 }],
  scaleUpEvents: [],
  scaleDownEvents: [],
};
const decided = (rescaled: boolean): RunFields => ({
  generation: 2,
  conditions: [ready('True')],
  report: { desiredReplicas: 3, currentReplicas: rescaled ? 3 : 2 },
  decided: { scaling: { history }, rescaled, decision, decisionHistory: 5 },
});
const FORECAST = {
  mode: 'Observe',
  state: 'Ready',
  reason: 'r',
  leadSeconds: 360,
  replicas: 5,
} as const;
const stored: ScalingStatus = {
  schemaVersion: 1,
  recordedAt: rfc(T0 - 60),
  observedGeneration: 2,
  conditions: [{ ...ready('True'), lastTransitionTime: rfc(T0 - 600), observedGeneration: 2 }],
  target: 'Deployment/shop/web',
  desiredReplicas: 2,
  forecast: FORECAST, // a field another module reports: carried through
};

describe('recordRun', () => {
  const prev = readState(stored).state;

  it('keeps a transition time while the status stays, moves it when it flips', () => {
    const same = recordRun(prev, { conditions: [ready('True')] }, at(T0));
    expect(same.conditions[0]?.lastTransitionTime).toBe(rfc(T0 - 600));
    const flipped = recordRun(prev, { conditions: [ready('False', 'FailedGetScale')] }, at(T0));
    expect(flipped.conditions[0]?.lastTransitionTime).toBe(rfc(T0));
  });

  it.each([
    ['not decided: report and memory kept', { conditions: [] }, undefined, 2],
    ['decided, not rescaled', decided(false), undefined, 3],
    ['decided and rescaled: lastScaleTime is the run', decided(true), rfc(T0), 3],
  ])('%s', (_, run, lastScaleTime, desired) => {
    const next = recordRun(prev, run, at(T0));
    const status = toStatus(next);
    expect(status.lastScaleTime).toBe(lastScaleTime);
    expect(status.desiredReplicas).toBe(desired);
    expect(status.recordedAt).toBe(rfc(T0));
    expect(status.target).toBe('Deployment/shop/web');
    expect(status.forecast).toEqual(FORECAST);
    expect(status.decisions).toEqual(run.decided ? [decision] : undefined);
  });

  it('drops the intent: it belongs to the write that recorded it', () => {
    const withOne = readState({ ...stored, intent: { replicas: 3, from: 2, time: T0, change: 1 } });
    expect(recordRun(withOne.state, { conditions: [] }, at(T0)).intent).toBeUndefined();
  });
});

describe('toPatch: the one minimal status patch', () => {
  const prev = readState(stored).state;

  it('nothing changed: no patch', () => {
    expect(toPatch(prev, prev)).toBeUndefined();
  });

  it('a status of layout 0 is not rewritten for its version alone', () => {
    const old = readState({ ...stored, schemaVersion: undefined }).state;
    expect(toPatch(old, old)).toBeUndefined();
  });

  it('a write carries the version and only what changed; removed fields are null', () => {
    const old = readState({ ...stored, schemaVersion: undefined }).state;
    const next = { ...old, report: { ...old.report, desiredReplicas: 4, target: undefined } };
    expect(toPatch(old, next)).toEqual({ schemaVersion: 1, desiredReplicas: 4, target: null });
  });

  it('settle: only standing times moved, no write', () => {
    const seen = recordRun(prev, { conditions: [ready('True')], generation: 2 }, at(T0));
    expect(toPatch(prev, seen)).toEqual({ recordedAt: rfc(T0) });
    expect(toPatch(prev, seen, { settle: true })).toBeUndefined();
  });
});

describe('intents (record before acting)', () => {
  const intent = { replicas: 3, from: 2, time: T0, change: 1 };
  const base = recordRun(readState(stored).state, decided(true), at(T0));
  const events = {
    ...base,
    scaling: { history: { ...history, scaleUpEvents: [{ time: T0, change: 1 }] } },
  };

  it('withIntent marks its event pending; confirmIntent moves it and drops the intent', () => {
    const recorded = withIntent(events, intent);
    expect(recorded.scaling.history?.scaleUpEvents).toEqual([
      { time: T0, change: 1, pending: true },
    ]);
    expect(toPatch(readState(stored).state, recorded)?.intent).toEqual(intent);
    const done = confirmIntent(recorded, intent, T0 + 2);
    expect(done.intent).toBeUndefined();
    expect(done.scaling.history?.scaleUpEvents).toEqual([{ time: T0 + 2, change: 1 }]);
    // Only the intent gone: not worth a write, unless asked (a confirmation).
    const written = asWritten(recorded);
    const bare = { ...recorded, intent: undefined };
    expect(toPatch(written, bare)).toBeUndefined();
    expect(toPatch(written, bare, { always: true })).toEqual({ intent: null });
  });

  it('keepRecord: a failed rescale keeps the pending event and the intent', () => {
    const recorded = withIntent(events, intent);
    const failed = recordRun(readState(stored).state, decided(false), at(T0));
    const kept = keepRecord(failed, recorded);
    expect(kept.intent).toEqual(intent);
    expect(kept.scaling.history).toBe(recorded.scaling.history);
    expect(kept.report.currentReplicas).toBe(2);
  });
});
