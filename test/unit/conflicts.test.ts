/** Who else scales a workload: findConflicts (pure) and the claimants it is given. */
import fc from 'fast-check';
import type { ExternalScaler } from '../../lib/kube/port.js';
import { findBeside, findConflicts, toClaimants } from '../../lib/reconcile/conflicts.js';
import type { Claimant } from '../../lib/reconcile/claims.js';
import { parseScaling } from '../../lib/spec/parse.js';

const T0 = '2026-01-01T00:00:00Z';
const T1 = '2026-01-02T00:00:00Z';

/** `name` created at `at`, scaling `Kind/ns/name`. */
const bs = (name: string, target: string, at?: string): Claimant => {
  const [kind = '', namespace = '', tname = ''] = target.split('/');
  return { name, creationTimestamp: at, target: { kind, namespace, name: tname } };
};
/** An HPA or ScaledObject `ns/name` on `Kind/name` in ns. */
const ext = (kind: ExternalScaler['kind'], id: string, target: string): ExternalScaler => {
  const [namespace = '', name = ''] = id.split('/');
  const [tkind = '', tname = ''] = target.split('/');
  return { kind, namespace, name, target: { apiVersion: 'apps/v1', kind: tkind, name: tname } };
};
const hpa = (id: string, target: string) => ext('HorizontalPodAutoscaler', id, target);
const so = (id: string, target: string) => ext('ScaledObject', id, target);
const OLDEST = '; the oldest BusinessScaling of a workload scales it';

describe('findConflicts', () => {
  it.each<[string, Claimant[], ExternalScaler[], Record<string, string>]>([
    [
      'an HPA on the same Deployment',
      [bs('web', 'Deployment/shop/web')],
      [hpa('shop/web', 'Deployment/web')],
      { web: 'HorizontalPodAutoscaler shop/web also scales Deployment/shop/web' },
    ],
    [
      'an HPA on another Deployment of the namespace',
      [bs('web', 'Deployment/shop/web')],
      [hpa('shop/api', 'Deployment/api')],
      {},
    ],
    [
      'an HPA on a Deployment of the same name in another namespace',
      [bs('web', 'Deployment/shop/web')],
      [hpa('staging/web', 'Deployment/web')],
      {},
    ],
    [
      'an HPA on a StatefulSet of the same name (another kind)',
      [bs('web', 'Deployment/shop/web')],
      [hpa('shop/web', 'StatefulSet/web')],
      {},
    ],
    [
      'a ScaledObject',
      [bs('web', 'Deployment/shop/web')],
      [so('shop/web-so', 'Deployment/web')],
      { web: 'ScaledObject shop/web-so also scales Deployment/shop/web' },
    ],
    [
      'a ScaledObject and the HPA KEDA made for it: both named, sorted',
      [bs('web', 'Deployment/shop/web')],
      [so('shop/web', 'Deployment/web'), hpa('shop/keda-hpa-web', 'Deployment/web')],
      {
        web: 'HorizontalPodAutoscaler shop/keda-hpa-web, ScaledObject shop/web also scale Deployment/shop/web',
      },
    ],
    [
      'two BusinessScalings: the older (T0 < T1) wins although its name sorts last',
      [bs('b-new', 'Deployment/shop/web', T1), bs('z-old', 'Deployment/shop/web', T0)],
      [],
      { 'b-new': `BusinessScaling z-old also scales Deployment/shop/web${OLDEST}` },
    ],
    [
      'two BusinessScalings created in the same second: the name decides',
      [bs('web-b', 'Deployment/shop/web', T0), bs('web-a', 'Deployment/shop/web', T0)],
      [],
      { 'web-b': `BusinessScaling web-a also scales Deployment/shop/web${OLDEST}` },
    ],
    [
      'a missing or garbled timestamp counts as the youngest',
      [
        bs('a', 'Deployment/shop/web'),
        bs('b', 'Deployment/shop/web', 'yesterday'),
        bs('c', 'Deployment/shop/web', T1),
      ],
      [],
      {
        a: `BusinessScaling c also scales Deployment/shop/web${OLDEST}`,
        b: `BusinessScaling c also scales Deployment/shop/web${OLDEST}`,
      },
    ],
    [
      'an HPA beside two BusinessScalings: both held, the younger names both owners',
      [bs('old', 'Deployment/shop/web', T0), bs('new', 'Deployment/shop/web', T1)],
      [hpa('shop/web', 'Deployment/web')],
      {
        old: 'HorizontalPodAutoscaler shop/web also scales Deployment/shop/web',
        new: 'HorizontalPodAutoscaler shop/web, BusinessScaling old also scale Deployment/shop/web',
      },
    ],
    [
      'the same names in different namespaces/kinds do not conflict',
      [
        bs('a', 'Deployment/shop/web', T1),
        bs('b', 'Deployment/staging/web', T0),
        bs('c', 'StatefulSet/shop/web', T0),
      ],
      [],
      {},
    ],
    [
      'five owners: three named, then "and 2 more"',
      [bs('web', 'Deployment/shop/web')],
      ['a', 'b', 'c', 'd', 'e'].map((n) => hpa(`shop/${n}`, 'Deployment/web')),
      {
        web: 'HorizontalPodAutoscaler shop/a, HorizontalPodAutoscaler shop/b, HorizontalPodAutoscaler shop/c and 2 more also scale Deployment/shop/web',
      },
    ],
  ])('%s', (_, scalings, externals, want) => {
    expect(Object.fromEntries(findConflicts(scalings, externals))).toEqual(want);
  });

  it('ignores the API group/version: an extensions/v1beta1 HPA ref holds the apps/v1 target', () => {
    const old = { ...hpa('shop/web', 'Deployment/web') };
    const legacy = { ...old, target: { ...old.target, apiVersion: 'extensions/v1beta1' } };
    expect(findConflicts([bs('web', 'Deployment/shop/web')], [legacy]).has('web')).toBe(true);
  });

  const claimant = fc.record({
    name: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
    creationTimestamp: fc.option(fc.constantFrom(T0, T1, 'garbage'), { nil: undefined }),
    target: fc.record({
      kind: fc.constantFrom('Deployment', 'StatefulSet'),
      namespace: fc.constantFrom('shop', 'staging'),
      name: fc.constantFrom('web', 'api'),
    }),
  });
  const claimants = fc.uniqueArray(claimant, { selector: (c) => c.name, maxLength: 6 });
  const scalers = fc.array(
    fc
      .tuple(
        fc.constantFrom('shop', 'staging'),
        fc.constantFrom('Deployment/web', 'Deployment/api'),
      )
      .map(([ns, target]) => hpa(`${ns}/h`, target)),
    { maxLength: 3 },
  );
  const key = (c: Claimant) => `${c.target.kind}/${c.target.namespace}/${c.target.name}`;

  it('property: without externals exactly one BusinessScaling per target scales', () => {
    fc.assert(
      fc.property(claimants, (cs) => {
        const held = findConflicts(cs, []);
        const free = cs.filter((c) => !held.has(c.name));
        expect(new Set(free.map(key)).size).toBe(free.length);
        expect(new Set(free.map(key))).toEqual(new Set(cs.map(key)));
      }),
    );
  });

  it('property: an external scaler on a target holds every BusinessScaling of it', () => {
    fc.assert(
      fc.property(claimants, scalers, (cs, es) => {
        const held = findConflicts(cs, es);
        for (const c of cs) {
          const taken = es.some(
            (e) => `${e.target.kind}/${e.namespace}/${e.target.name}` === key(c),
          );
          if (taken) expect(held.get(c.name)).toMatch(/^HorizontalPodAutoscaler /);
        }
      }),
    );
  });

  it('property: the order of the lists does not matter', () => {
    fc.assert(
      fc.property(claimants, scalers, (cs, es) => {
        const forward = Object.fromEntries(findConflicts(cs, es));
        expect(Object.fromEntries(findConflicts([...cs].reverse(), [...es].reverse()))).toEqual(
          forward,
        );
      }),
    );
  });
});

describe('toClaimants', () => {
  it('keeps valid specs with their target and timestamp, drops invalid ones', () => {
    const meta = (name: string) => ({ name, uid: name, creationTimestamp: T0 });
    const valid = { targetDeployment: 'web', targetNamespace: 'shop', metricSource: 'http://m/u' };
    const spec = {
      ...valid,
      scaleThresholds: { minUsers: 1, maxUsers: 9, minReplicas: 1, maxReplicas: 3 },
    };
    expect(
      toClaimants(
        [
          { metadata: meta('ok'), spec },
          { metadata: meta('bad'), spec: { targetDeployment: 'x' } },
        ].map((obj) => ({ obj, parsed: parseScaling(obj.spec) })),
      ),
    ).toEqual([
      {
        name: 'ok',
        creationTimestamp: T0,
        target: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' },
      },
    ]);
  });
});

describe('observe mode: never a conflict, shown beside the real autoscaler (findBeside)', () => {
  const obs = (name: string, target: string, at?: string): Claimant => ({
    ...bs(name, target, at),
    observe: true,
  });
  it.each<[string, Claimant[], ExternalScaler[], Record<string, string>, Record<string, string>]>([
    [
      'beside an HPA',
      [obs('shadow', 'Deployment/shop/web')],
      [hpa('shop/web', 'Deployment/web')],
      {},
      { shadow: 'HorizontalPodAutoscaler shop/web' },
    ],
    [
      'beside a ScaledObject, an older observer does not hold a younger active one',
      [obs('shadow', 'Deployment/shop/web', T0), bs('owner', 'Deployment/shop/web', T1)],
      [],
      {},
      { shadow: 'BusinessScaling owner' },
    ],
    [
      'an HPA holds the active one; the observer names only the HPA',
      [obs('shadow', 'Deployment/shop/web'), bs('owner', 'Deployment/shop/web')],
      [so('shop/web', 'Deployment/web')],
      { owner: 'ScaledObject shop/web also scales Deployment/shop/web' },
      { shadow: 'ScaledObject shop/web' },
    ],
    ['alone', [obs('shadow', 'Deployment/shop/web')], [], {}, {}],
  ])('%s', (_, scalings, externals, conflicts, beside) => {
    expect(Object.fromEntries(findConflicts(scalings, externals))).toEqual(conflicts);
    expect(Object.fromEntries(findBeside(scalings, externals))).toEqual(beside);
  });

  it('toClaimants marks an Observe-mode spec', () => {
    const spec = {
      mode: 'Observe',
      scaleTargetRef: { kind: 'Deployment', name: 'web', namespace: 'shop' },
      maxReplicas: 5,
      metrics: [{ name: 'q', http: { url: 'http://m/q' }, target: { type: 'Value', value: 1 } }],
    };
    const obj = { metadata: { name: 'shadow', uid: 'u1' }, spec };
    const [c] = toClaimants([{ obj, parsed: parseScaling(spec) }]);
    expect(c?.observe).toBe(true);
  });
});
