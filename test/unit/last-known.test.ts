/** fallback.behavior lastKnownValue: the last good value while fresh, then the normal fallback. */
import { decide } from '../../lib/decide/decide.js';
import { substituteLastKnown } from '../../lib/decide/lastKnown.js';
import type { ScalingState } from '../../lib/decide/types.js';
import type { MetricResult } from '../../lib/metrics/types.js';
import { replay } from '../../lib/simulate/replay.js';
import { toTable } from '../../lib/simulate/render.js';
import { parseScaling } from '../../lib/spec/parse.js';
import type { ScalingSpec } from '../../lib/spec/types.js';
import { webSpec } from '../support/builders/specs.js';

const T = 1_800_000_000;
const FAIL: MetricResult = { ok: false, kind: 'timeout', message: 'q timed out' };
const SPEC: ScalingSpec = webSpec(10, {
  maxReplicas: 50,
  behavior: {
    scaleUp: {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      tolerance: 0.1,
      policies: [{ type: 'Pods', value: 100, periodSeconds: 15 }],
    },
    scaleDown: {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      tolerance: 0.1,
      policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
    },
  },
  fallback: { failureThreshold: 0, replicas: 3, behavior: 'lastKnownValue', maxAgeSeconds: 120 },
});

describe('substituteLastKnown', () => {
  const last = { q: { value: 70, time: T - 120 } };
  it.each([
    // name, result, last, used, metric seen by decide
    [
      'a good read is used and remembered',
      { ok: true, value: 40 },
      last,
      [],
      { ok: true, value: 40 },
    ],
    ['failed, last value exactly maxAge old: used', FAIL, last, ['q'], { ok: true, value: 70 }],
    [
      'failed, last value too old: stays failed',
      FAIL,
      { q: { value: 70, time: T - 121 } },
      [],
      FAIL,
    ],
    ['failed, no last value: stays failed', FAIL, undefined, [], FAIL],
  ] as const)('%s', (_, result, prev, used, seen) => {
    const r = substituteLastKnown(SPEC, [result], prev, T);
    expect(r.used).toEqual(used);
    expect(r.metrics).toEqual([seen]);
    expect(r.next.q).toEqual(result.ok ? { value: 40, time: T } : prev?.q);
  });
});

describe('through decide', () => {
  const at = (age: number): ScalingState => ({ lastValues: { q: { value: 70, time: T - age } } });
  const run = (state: ScalingState) =>
    decide({
      spec: SPEC,
      currentReplicas: 5,
      statusReplicas: 5,
      metrics: [FAIL],
      now: new Date(T * 1000),
      state: { ...state, failureCount: 0 },
    });
  it('a fresh last value decides as if read (ceil(70/10) = 7), no failure counted', () => {
    expect(run(at(60))).toMatchObject({ desiredReplicas: 7, lastKnown: ['q'] });
    expect(run(at(60)).state?.failureCount).toBe(0);
  });
  it('too old: the normal fallback (static 3 after failureThreshold 0)', () => {
    const d = run(at(121));
    expect(d).toMatchObject({ desiredReplicas: 3, limitedBy: 'Fallback', fallbackActive: true });
    expect(d.lastKnown).toBeUndefined();
  });
});

describe('parse and simulate', () => {
  it('maxAgeSeconds defaults to 300 for lastKnownValue', () => {
    const r = parseScaling({
      scaleTargetRef: { kind: 'Deployment', name: 'web', namespace: 'shop' },
      maxReplicas: 5,
      metrics: [{ name: 'q', http: { url: 'http://m/q' }, target: { type: 'Value', value: 1 } }],
      fallback: { failureThreshold: 1, replicas: 2, behavior: 'lastKnownValue' },
    });
    expect(r.ok && r.spec.fallback).toEqual({
      failureThreshold: 1,
      replicas: 2,
      behavior: 'lastKnownValue',
      maxAgeSeconds: 300,
    });
  });
  it('simulate shows the last value used for a failed read', () => {
    const row = (t: number, q?: number) => ({ time: t, at: T * 1000 + t * 1000, values: { q } });
    const series = { names: ['q'], rows: [row(0, 70), row(60), row(200)] };
    const ticks = replay(SPEC, series, { initialReplicas: 5 });
    // 0: 7; 60 s: failed, last 70 (60 s old) → 7; 200 s: 200 s old > 120 → static 3
    expect(ticks.map((t) => [t.replicas, t.lastKnown])).toEqual([
      [7, undefined],
      [7, { q: 70 }],
      [3, undefined],
    ]);
    expect(toTable(ticks)).toContain('!failed, last 70');
  });
});
