/** Status of the issue-5 rules through the reconciler (fake port): conditions and fields. */
import { parseSettings } from '../../lib/config.js';
import { reconcileAll } from '../../lib/reconcile/run.js';
import { FakeKube } from '../support/fakeKube.js';
import { fullSpec } from '../support/builders/resources.js';

const SPEC = fullSpec(
  { name: 'web', url: 'http://m/q', metric: 'q', averageValue: 10 },
  {
    fallback: { failureThreshold: 1, replicas: 7 },
  },
);

function setup() {
  const kube = new FakeKube().addWorkload('Deployment', 'shop', 'web', 4).addScaling('web', SPEC);
  let value: number | undefined = 100;
  let t = Date.parse('2026-11-25T10:00:00Z');
  const run = async () => {
    t += 30_000;
    await reconcileAll({
      kube,
      settings: parseSettings({}),
      now: () => new Date(t),
      log: { info: () => undefined, warn: () => undefined },
      fetchBody: () =>
        Promise.resolve(
          value === undefined
            ? { ok: false, kind: 'network', message: 'm/q: ENOTFOUND' }
            : { ok: true, body: { value } },
        ),
    });
    return kube.scalings.get('web')!.status!;
  };
  const annotate = (annotations: Record<string, string>) => {
    const o = kube.scalings.get('web')!;
    kube.scalings.set('web', { ...o, metadata: { ...o.metadata, annotations } });
  };
  const cond = (s: { conditions?: readonly { type: string }[] }, type: string) =>
    s.conditions?.find((c) => c.type === type);
  return { kube, run, annotate, cond, setValue: (v: number | undefined) => (value = v) };
}

describe('reconciler status for pause and fallback', () => {
  it('Paused is True while annotated, then False (Unpaused) once removed', async () => {
    const { kube, run, annotate, cond } = setup();
    annotate({ 'scaling.example.com/paused-replicas': '2' });
    let s = await run();
    expect(kube.replicas('Deployment', 'shop', 'web')).toBe(2);
    expect(cond(s, 'Paused')).toMatchObject({ status: 'True', reason: 'PausedReplicas' });
    expect(s.limitedBy).toBe('Paused');
    annotate({});
    s = await run();
    // ceil(100/10) = 10, capped at max(2 × 2, 4) = 4 (no behavior: the HPA's legacy path)
    expect(kube.replicas('Deployment', 'shop', 'web')).toBe(4);
    expect(cond(s, 'Paused')).toMatchObject({ status: 'False', reason: 'Unpaused' });
  });

  it('fallback engages on the 2nd failure (> 1), is shown, and releases on success', async () => {
    const { kube, run, cond, setValue } = setup();
    setValue(undefined);
    let s = await run();
    expect([kube.replicas('Deployment', 'shop', 'web'), s.failureCount]).toEqual([4, 1]);
    expect(cond(s, 'Fallback')).toMatchObject({ status: 'False', reason: 'NoFallbackNeeded' });
    s = await run();
    expect([kube.replicas('Deployment', 'shop', 'web'), s.failureCount]).toEqual([7, 2]);
    expect(cond(s, 'Fallback')).toMatchObject({ status: 'True', reason: 'FallbackActive' });
    expect(s.limitedBy).toBe('Fallback');
    setValue(30);
    s = await run();
    // released: 3 wanted, held at 7 by the legacy path's 300 s downscale window
    expect([kube.replicas('Deployment', 'shop', 'web'), s.failureCount]).toEqual([7, 0]);
    expect(cond(s, 'Fallback')).toMatchObject({ status: 'False' });
    // no empty strings are ever written to status
    expect(JSON.stringify(s)).not.toContain('""');
  });
});
