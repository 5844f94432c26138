/** Conflicts through the whole run on the fake port: a conflicted target is never patched. */
import { parseSettings } from '../../lib/config.js';
import { reconcileAll, type RunOptions } from '../../lib/reconcile/run.js';
import { FakeKube } from '../support/fakeKube.js';

const NOW = new Date('2026-11-25T10:00:00Z');
const T0 = '2026-01-01T00:00:00Z';
const T1 = '2026-01-02T00:00:00Z';

/** Original form in namespace shop; 5000 users → maxReplicas 10. */
const original = (target: string, url: string) => ({
  targetDeployment: target,
  targetNamespace: 'shop',
  metricSource: url,
  scaleThresholds: { minUsers: 100, maxUsers: 1000, minReplicas: 2, maxReplicas: 10 },
});

function setup() {
  const kube = new FakeKube()
    .addWorkload('Deployment', 'shop', 'web', 3)
    .addWorkload('Deployment', 'shop', 'api', 3);
  const fetched: string[] = [];
  const warnings: string[] = [];
  const run = (opts?: RunOptions) =>
    reconcileAll(
      {
        kube,
        settings: parseSettings({}),
        now: () => NOW,
        log: { info: () => undefined, warn: (l) => warnings.push(l) },
        fetchBody: (url) => {
          fetched.push(url);
          return Promise.resolve({ ok: true, body: { active_users: 5000 } });
        },
      },
      opts,
    );
  const cond = (name: string, type: string) =>
    kube.scalings.get(name)?.status?.conditions?.find((c) => c.type === type);
  const patched = () => kube.writes.flatMap((w) => (w.op === 'patchScale' ? [w.target] : []));
  return { kube, run, fetched, warnings, cond, patched };
}

describe('conflicts in a run', () => {
  it('an HPA holds its target (Conflict) while the resource beside it scales; deleting it releases', async () => {
    const { kube, run, fetched, cond, patched } = setup();
    kube
      .addScaling('web', original('web', 'http://m/web'))
      .addScaling('api', original('api', 'http://m/api'))
      .addScaler('HorizontalPodAutoscaler', 'shop/web', 'Deployment/web');
    const message = 'HorizontalPodAutoscaler shop/web also scales Deployment/shop/web';

    const first = await run();
    expect(patched()).toEqual(['Deployment/shop/api']);
    expect(kube.replicas('Deployment', 'shop', 'web')).toBe(3);
    expect(fetched).toEqual(['http://m/api']); // a held resource reads nothing
    expect(first.resources.find((r) => r.name === 'web')).toEqual({
      name: 'web',
      target: 'Deployment/shop/web',
      metrics: {},
      action: 'held',
      reason: 'Conflict',
      message,
    });
    expect(first.summary).toMatchObject({ seen: 2, scaled: 1, held: 1 });
    expect(cond('web', 'Ready')).toMatchObject({ status: 'False', reason: 'Conflict', message });
    expect(cond('web', 'AbleToScale')).toMatchObject({ status: 'False', reason: 'Conflict' });
    expect(kube.scalings.get('web')?.status).toMatchObject({ target: 'Deployment/shop/web' });
    expect(kube.events('web')).toEqual([{ type: 'Warning', reason: 'Conflict', message }]);

    await run(); // unchanged conflict: no second event, no patch
    expect(kube.events('web')).toHaveLength(1);
    expect(patched()).toEqual(['Deployment/shop/api']);

    kube.scalers.length = 0; // the HPA is deleted
    const third = await run();
    expect(kube.replicas('Deployment', 'shop', 'web')).toBe(10);
    expect(third.resources.find((r) => r.name === 'web')).toMatchObject({ action: 'scaled' });
    expect(cond('web', 'Ready')).toMatchObject({ status: 'True' });
    expect(cond('web', 'AbleToScale')).toMatchObject({ status: 'True' });
  });

  it('a ScaledObject holds its target too', async () => {
    const { kube, run, patched } = setup();
    kube
      .addScaling('web', original('web', 'http://m/web'))
      .addScaler('ScaledObject', 'shop/web-so', 'Deployment/web');
    const report = await run();
    expect(patched()).toEqual([]);
    expect(report.resources[0]).toMatchObject({
      action: 'held',
      message: 'ScaledObject shop/web-so also scales Deployment/shop/web',
    });
  });

  it.each([
    // [older, younger]: the older scales whatever the names; the younger is held naming it
    ['z-old', 'a-new'],
    ['a-old', 'z-new'],
  ])(
    'two BusinessScalings of one Deployment: %s (older) scales, %s is held',
    async (older, younger) => {
      const { kube, run, patched, cond } = setup();
      kube
        .addScaling(younger, original('web', 'http://m/web'), undefined, T1)
        .addScaling(older, original('web', 'http://m/web'), undefined, T0);
      const report = await run();
      expect(patched()).toEqual(['Deployment/shop/web']);
      expect(report.resources.find((r) => r.name === older)).toMatchObject({ action: 'scaled' });
      expect(report.resources.find((r) => r.name === younger)).toMatchObject({
        action: 'held',
        reason: 'Conflict',
        message: `BusinessScaling ${older} also scales Deployment/shop/web; the oldest BusinessScaling of a workload scales it`,
      });
      expect(cond(younger, 'Ready')).toMatchObject({ status: 'False', reason: 'Conflict' });
    },
  );

  it('reconciling only the younger one by name still sees the older one', async () => {
    const { kube, run, patched } = setup();
    kube
      .addScaling('old', original('web', 'http://m/web'), undefined, T0)
      .addScaling('new', original('web', 'http://m/web'), undefined, T1);
    const report = await run({ name: 'new' });
    expect(report.resources).toEqual([expect.objectContaining({ name: 'new', action: 'held' })]);
    expect(patched()).toEqual([]);
  });

  it('a dry run reports the conflict, not "would scale"', async () => {
    const { kube, run } = setup();
    kube
      .addScaling('web', original('web', 'http://m/web'))
      .addScaler('HorizontalPodAutoscaler', 'shop/web', 'Deployment/web');
    const report = await run({ dryRun: true });
    expect(report.resources[0]).toMatchObject({ action: 'held', reason: 'Conflict' });
    expect(kube.writes).toEqual([]);
  });

  it('HPAs that cannot be listed: one warning, everything scales, BusinessScaling conflicts still apply', async () => {
    const { kube, run, warnings, patched } = setup();
    kube
      .addScaling('web', original('web', 'http://m/web'), undefined, T0)
      .addScaling('web-copy', original('web', 'http://m/web'), undefined, T1)
      .addScaling('api', original('api', 'http://m/api'))
      .addScaler('HorizontalPodAutoscaler', 'shop/web', 'Deployment/web')
      .failNext('listScalers', 403);
    const report = await run();
    const warning =
      'could not list HPAs/ScaledObjects (listScalers : 403); scaling without checking them for conflicts';
    expect(warnings.filter((l) => l.startsWith('could not list'))).toEqual([warning]);
    expect(report.warnings).toEqual([warning]);
    expect(patched().sort()).toEqual(['Deployment/shop/api', 'Deployment/shop/web']);
    expect(report.resources.find((r) => r.name === 'web-copy')).toMatchObject({
      action: 'held',
      reason: 'Conflict',
    });
    // the next run lists them again: the HPA is seen
    const next = await run();
    expect(next.warnings).toBeUndefined();
    expect(next.resources.find((r) => r.name === 'web')).toMatchObject({ reason: 'Conflict' });
  });

  it('a failed list of BusinessScalings still fails the run', async () => {
    const { kube, run } = setup();
    kube.failNext('listScalings', 401);
    await expect(run()).rejects.toThrow('401');
  });
});
