import { parseSettings } from '../../lib/config.js';
import { decide } from '../../lib/decide/decide.js';
import { proposeOriginal } from '../../lib/decide/original.js';
import type { DecideInput } from '../../lib/decide/types.js';
import type { MetricResult } from '../../lib/metrics/types.js';
import { reconcileAll } from '../../lib/reconcile/run.js';
import type { ScalingSpec } from '../../lib/spec/types.js';
import { FakeKube } from '../support/fakeKube.js';

const NOW = new Date('2026-11-25T20:00:00Z');

/** thresholds 100..1000 users → 2..10 replicas, as in the original operator's README. */
function originalInput(
  users: MetricResult,
  current: number,
  band = { minR: 2, maxR: 10 },
): DecideInput {
  const spec: ScalingSpec = {
    form: 'original',
    target: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' },
    minReplicas: band.minR,
    maxReplicas: band.maxR,
    metrics: [{ name: 'active_users', http: { url: 'http://m/users', valuePath: 'active_users' } }],
    thresholds: { minUsers: 100, maxUsers: 1000 },
  };
  return { spec, currentReplicas: current, statusReplicas: current, metrics: [users], now: NOW };
}

const ok = (value: number): MetricResult => ({ ok: true, value });

describe('decide, original form (Kopf formula)', () => {
  it.each([
    // name, users, current, desired, computed, action, limited
    // (−50/900)×8+2 = 1.56 → trunc 1; users < minUsers → minReplicas
    ['below minUsers', 50, 4, 2, 1, 'scale', 'TooFewReplicas'],
    // (−1/900)×8+2 = 1.991 → trunc 1, clamped to 2
    ['just below minUsers', 99, 2, 2, 1, 'unchanged', 'TooFewReplicas'],
    // (0/900)×8+2 = 2: at the boundary the strict `<` and the line agree exactly
    ['== minUsers', 100, 2, 2, 2, 'unchanged', 'DesiredWithinRange'],
    // (350/900)×8+2 = 5.11 → trunc 5
    ['between, truncated', 450, 3, 5, 5, 'scale', 'DesiredWithinRange'],
    // (899/900)×8+2 = 9.991 → trunc 9, never rounded up to 10
    ['just below maxUsers, truncated', 999, 9, 9, 9, 'unchanged', 'DesiredWithinRange'],
    // (900/900)×8+2 = 10
    ['== maxUsers', 1000, 5, 10, 10, 'scale', 'DesiredWithinRange'],
    // (901/900)×8+2 = 10.009 → trunc 10; users > maxUsers → maxReplicas
    ['just above maxUsers', 1001, 10, 10, 10, 'unchanged', 'DesiredWithinRange'],
    // (1900/900)×8+2 = 18.9 → trunc 18, clamped to 10
    ['far above maxUsers', 2000, 10, 10, 18, 'unchanged', 'TooManyReplicas'],
    // no ScalingDisabled in the original: 0 → (350/900)×8+2 = 5
    ['from 0 replicas', 450, 0, 5, 5, 'scale', 'DesiredWithinRange'],
    // current ignored, even above maxReplicas: 450 → 5
    ['current above maxReplicas', 450, 15, 5, 5, 'scale', 'DesiredWithinRange'],
    // no tolerance band: a 7.004 reading moves 6 → 7; (563/900)×8+2 = 7.004 → trunc 7
    ['no tolerance', 663, 6, 7, 7, 'scale', 'DesiredWithinRange'],
  ] as const)(
    '%s: users %d, current %d → %d',
    (_n, users, current, desired, computed, action, limited) => {
      const d = decide(originalInput(ok(users), current));
      expect(d).toMatchObject({
        desiredReplicas: desired,
        computedReplicas: computed,
        action,
        limited,
      });
      expect(d.reason).toBe(`active_users=${users} (thresholds 100..1000)`);
      expect(d.failedMetric).toBeUndefined();
    },
  );

  it('writes an event line when it scales', () => {
    const d = decide(originalInput(ok(450), 3));
    expect(d.message).toBe('New size: 5; reason: active_users=450 (thresholds 100..1000)');
  });

  it('evaluates in the original order, float64 and all', () => {
    // Python: int((15-0)/(22-0)*(23-1)+1) = int(15.999999999999998) = 15, exact maths says 16
    const p = proposeOriginal(15, { minUsers: 0, maxUsers: 22 }, 1, 23);
    expect(p).toEqual({ desired: 15, computed: 15, limited: 'DesiredWithinRange' });
  });

  it.each([
    ['timeout', { ok: false, kind: 'timeout', message: 'm/users timed out after 5000 ms' }, 'F'],
    ['http', { ok: false, kind: 'http', message: 'm/users answered 503' }, 'F'],
    // auth: the spec's fault (as Ready says, lib/auth/classify.ts) or a later run may fix it
    [
      'auth, Secret not bound',
      { ok: false, kind: 'auth', message: `m/users: secret shop/api may not be sent to m` },
      'I',
    ],
    [
      'auth, Secret read 403',
      { ok: false, kind: 'auth', message: 'm/users: secret shop/api: read HTTP 403' },
      'F',
    ],
  ] as const)('holds current replicas when the metric failed (%s)', (_n, failure, why) => {
    const d = decide(originalInput(failure, 4));
    expect(d).toMatchObject({
      desiredReplicas: 4,
      action: 'held',
      reason: why === 'I' ? 'InvalidSpec' : 'FailedGetMetric',
      failedMetric: 0,
      limited: 'DesiredWithinRange',
    });
    expect(d.computedReplicas).toBeUndefined();
    expect(d.message).toContain(failure.message);
  });

  it('holds on a non-finite value instead of patching NaN', () => {
    const d = decide(originalInput(ok(Number.NaN), 4));
    expect(d).toMatchObject({ desiredReplicas: 4, action: 'held', failedMetric: 0 });
  });

  // The HPA corrects out-of-range replicas without metrics; within the range nothing moves.
  it.each([
    // name, current, desired, action, limited, message start
    ['below minReplicas', 1, 2, 'scale', 'TooFewReplicas', 'New size: 2'],
    ['at 0 (the original scales from 0)', 0, 2, 'scale', 'TooFewReplicas', 'New size: 2'],
    ['above maxReplicas', 15, 10, 'scale', 'TooManyReplicas', 'New size: 10'],
    ['at minReplicas', 2, 2, 'held', 'DesiredWithinRange', 'Size held at 2'],
    ['within the range', 7, 7, 'held', 'DesiredWithinRange', 'Size held at 7'],
    ['at maxReplicas', 10, 10, 'held', 'DesiredWithinRange', 'Size held at 10'],
  ] as const)(
    'metric failed, current %s (%d) → %d',
    (_n, current, desired, action, limited, start) => {
      const failure = { ok: false, kind: 'timeout', message: 'm/users timed out' } as const;
      const d = decide(originalInput(failure, current));
      expect(d).toMatchObject({ desiredReplicas: desired, action, limited, failedMetric: 0 });
      expect(d.reason).toMatch(action === 'held' ? /^FailedGetMetric$/ : /^Current number/);
      expect(d.computedReplicas).toBeUndefined();
      expect(d.message.startsWith(start)).toBe(true);
      expect(d.message).toContain('metric active_users failed (timeout: m/users timed out)');
    },
  );

  it.each([
    ['below', 1, 2, 'TooFewReplicas'],
    ['above', 14, 12, 'TooManyReplicas'],
  ] as const)(
    'reconcile: metric failed, %s the range → the bound, and conditions say why',
    async (_n, current, bound, reason) => {
      const kube = new FakeKube().addWorkload('Deployment', 'shop', 'web', current);
      kube.addScaling('bs', {
        targetDeployment: 'web',
        targetNamespace: 'shop',
        metricSource: 'http://m/users',
        scaleThresholds: { minUsers: 10, maxUsers: 400, minReplicas: 2, maxReplicas: 12 },
      });
      await reconcileAll({
        kube,
        settings: parseSettings({}),
        now: () => NOW,
        log: { info: () => undefined, warn: () => undefined },
        fetchBody: () => Promise.resolve({ ok: false, kind: 'http', message: 'm/users: 503' }),
      });
      expect(kube.replicas('Deployment', 'shop', 'web')).toBe(bound);
      const { status } = await kube.getScaling('bs');
      const cond = (type: string) => status?.conditions?.find((c) => c.type === type);
      expect(cond('ScalingLimited')).toMatchObject({ status: 'True', reason });
      expect(cond('ScalingLimited')?.message).toContain('metric active_users failed');
      expect(cond('ScalingActive')).toMatchObject({ status: 'False', reason: 'FailedGetMetric' });
      expect(cond('Ready')).toMatchObject({ status: 'False', reason: 'FailedGetMetric' });
    },
  );
});
