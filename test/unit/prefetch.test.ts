/** Metric reads start while the LIST is still arriving (lib/reconcile/prefetch.ts). */
import { parseSettings } from '../../lib/config.js';
import type { ScalingObject } from '../../lib/kube/port.js';
import { createPrefetch } from '../../lib/reconcile/prefetch.js';
import { reconcileAll } from '../../lib/reconcile/run.js';
import { parseScaling } from '../../lib/spec/parse.js';
import type { MetricSource } from '../../lib/spec/types.js';
import { FakeKube } from '../support/fakeKube.js';

const spec = (name: string) => ({
  targetDeployment: name,
  metricSource: `http://m/u/${name}`,
  scaleThresholds: { minUsers: 100, maxUsers: 1000, minReplicas: 1, maxReplicas: 10 },
});
const item = (name: string, raw: object = spec(name)) => ({
  obj: { metadata: { name }, spec: raw } as unknown as ScalingObject,
  parsed: parseScaling(raw),
});

describe('createPrefetch', () => {
  it('reads at most `concurrency` resources at once, in order, skipping invalid specs', async () => {
    const started: string[] = [];
    const release: (() => void)[] = [];
    const read = (source: MetricSource) => {
      started.push(('url' in source ? source.url : '').split('/').pop()!);
      return new Promise<void>((r) => release.push(r));
    };
    const p = createPrefetch(read, 2);
    for (const n of ['a', 'b', 'c']) p.add(item(n));
    p.add(item('bad', { targetDeployment: 'x' }));
    p.add(item('d'));
    expect(started).toEqual(['a', 'b']);
    release.shift()!();
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['a', 'b', 'c']);
    const stopped = p.stop(); // no more starts; waits for b and c
    let done = false;
    void stopped.then(() => (done = true));
    release.forEach((r) => r());
    await stopped;
    expect(done).toBe(true);
    expect(started).toEqual(['a', 'b', 'c']);
  });
});

describe('a run reads metrics while its list is still arriving', () => {
  it('the first page’s metrics are read before the second page comes', async () => {
    const kube = new FakeKube();
    for (const n of ['a', 'b', 'c', 'd'])
      kube.addWorkload('Deployment', 'default', n, 1).addScaling(n, spec(n));
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const fetched: string[] = [];
    const all = await kube.listScalings();
    const paged = Object.assign(Object.create(kube) as FakeKube, {
      async *listScalingPages(): AsyncGenerator<readonly ScalingObject[]> {
        yield all.slice(0, 2);
        await gate;
        yield all.slice(2);
      },
    });
    const run = reconcileAll({
      kube: paged,
      settings: parseSettings({}),
      log: { info: () => undefined, warn: () => undefined },
      fetchBody: (url) => {
        fetched.push(url.split('/').pop()!);
        return Promise.resolve({ ok: true, body: { active_users: 500 } });
      },
    });
    for (let i = 0; i < 1000 && fetched.length < 2; i++) await new Promise((r) => setImmediate(r));
    open(); // before asserting: a failed expectation must not leave the run waiting
    expect(fetched.sort()).toEqual(['a', 'b']); // page 2 not yet listed, nothing decided
    expect(kube.writes).toEqual([]);
    const report = await run;
    expect(report.summary).toMatchObject({ seen: 4, scaled: 4 });
    expect(fetched.sort()).toEqual(['a', 'b', 'c', 'd']); // each read once
  });
});
