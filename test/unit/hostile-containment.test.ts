/**
 * Containment: a throw inside one resource's metric read or evaluation is that metric's failure
 * (so `fallback`, `??` and the per-endpoint k/n rule still apply); a throw anywhere else in one
 * resource is that resource's error, and the others go on. The throw comes from a body whose
 * property access throws, so it does not depend on any parser's present limits.
 */
import { parseSettings } from '../../lib/config.js';
import { decide } from '../../lib/decide/decide.js';
import type { DecideInput } from '../../lib/decide/types.js';
import type { Expr } from '../../lib/formula/types.js';
import type { FallbackSpec } from '../../lib/spec/extraTypes.js';
import { MetricReader } from '../../lib/metrics/reader.js';
import type { BodyResult } from '../../lib/metrics/types.js';
import { reconcileAll, type RunDeps } from '../../lib/reconcile/run.js';
import type { ScalingObject } from '../../lib/kube/port.js';
import { FakeKube } from '../support/fakeKube.js';
import { collectLines } from '../support/builders/runs.js';
import { ACT_AT_ONCE, fullSpec } from '../support/builders/resources.js';
import { WEB_TARGET } from '../support/builders/specs.js';

const NOW = new Date('2026-11-25T10:00:00Z');

const trap = (): never => {
  throw new RangeError('Maximum call stack size exceeded: 1111 body text');
};
/** A JSON body whose every look inside throws (as a parser past its limits would). */
const throwing = (): BodyResult => ({
  ok: true,
  body: new Proxy(
    {},
    { get: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap },
  ),
});
const value = (n: number): BodyResult => ({ ok: true, body: { value: n } });

const spec = (target: string, url: string, more: object = {}) =>
  fullSpec(
    { name: target, url, valuePath: 'value', metric: 'q', averageValue: 10 },
    {
      // acts at once: these tests are about containment, not the rate limits
      behavior: ACT_AT_ONCE,
      ...more,
    },
  );

function setup(bodies: Record<string, () => BodyResult>, kube = new FakeKube()) {
  const { lines, log } = collectLines();
  const deps: RunDeps = {
    kube,
    settings: parseSettings({ METRIC_ALLOWED_NETWORKS: '127.0.0.0/8' }),
    now: () => NOW,
    log,
    fetchBody: (url) =>
      Promise.resolve(bodies[url]?.() ?? { ok: false, kind: 'http', message: 'x: HTTP 404' }),
  };
  return { kube, deps, lines };
}

describe('a throw while reading one metric is that metric’s failure', () => {
  it('the reader never rejects: parse failure naming host/path and the class only', async () => {
    const reader = new MetricReader({ timeoutMs: 1000, maxBytes: 1 << 16, concurrency: 2 }, () =>
      Promise.resolve(throwing()),
    );
    const r = await reader.read({ url: 'http://m.example/q?key=s3cret', valuePath: 'value' });
    expect(r).toEqual({
      ok: false,
      kind: 'parse',
      message: 'm.example/q: failed (internal RangeError)',
    });
  });

  it('fallback applies to it, and the resource beside it scales in the same run', async () => {
    const { kube, deps } = setup({ 'http://m/bad': throwing, 'http://m/good': () => value(70) });
    kube
      .addWorkload('Deployment', 'shop', 'bad', 3)
      .addWorkload('Deployment', 'shop', 'good', 1)
      .addScaling(
        'bad',
        spec('bad', 'http://m/bad', { fallback: { failureThreshold: 0, replicas: 7 } }),
      )
      .addScaling('good', spec('good', 'http://m/good'));
    const report = await reconcileAll(deps);
    expect(report.resources.map((r) => [r.name, r.action, r.desiredReplicas])).toEqual([
      ['bad', 'scaled', 7], // fallback.replicas: the failure was the metric's, not the run's
      ['good', 'scaled', 7], // ceil(70 / 10)
    ]);
    expect(report.resources[0]?.metrics).toEqual({ q: { error: 'parse' } });
    expect(JSON.stringify([report, kube.writes])).not.toContain('body text');
  });

  it('`??` replaces it in a formula', async () => {
    const { kube, deps } = setup({ 'http://m/bad': throwing });
    const formula = { expression: 'q ?? 50', target: { type: 'AverageValue', averageValue: 10 } };
    const s = spec('web', 'http://m/bad', { formula });
    kube.addWorkload('Deployment', 'shop', 'web', 1).addScaling('web', {
      ...s,
      metrics: [{ name: 'q', http: { url: 'http://m/bad', valuePath: 'value' } }],
    });
    const report = await reconcileAll(deps);
    expect(report.resources[0]).toMatchObject({ action: 'scaled', desiredReplicas: 5 }); // 50 / 10
  });

  it('one endpoint of a Service that throws: the others give the value, k/n said', async () => {
    const slices = [
      {
        addressType: 'IPv4',
        ports: [],
        endpoints: [
          { addresses: ['127.0.0.1'], ready: true },
          { addresses: ['127.0.0.2'], ready: true },
        ],
      },
    ];
    const reader = new MetricReader(
      {
        timeoutMs: 1000,
        maxBytes: 1 << 16,
        concurrency: 2,
        endpoints: { list: () => Promise.resolve(slices), namespaces: ['shop'] },
      },
      (url) => Promise.resolve(url.includes('127.0.0.1') ? throwing() : value(4)),
    );
    const r = await reader.read({
      url: 'http://worker.shop.svc/stats',
      valuePath: 'value',
      fromServiceEndpoints: { service: 'worker', namespace: 'shop', port: 9000, aggregate: 'sum' },
    });
    expect(r).toEqual({ ok: true, value: 4, note: '1/2 endpoints' });
  });
});

/** A port whose LIST hands one object a spec that throws when read (as a parser bug would). */
class TrapKube extends FakeKube {
  override async listScalings(): Promise<ScalingObject[]> {
    const list = await super.listScalings();
    return list.map((o) =>
      o.metadata.name !== 'trap'
        ? o
        : {
            ...o,
            spec: new Proxy(
              {},
              {
                get: () => {
                  throw new TypeError('spec trap');
                },
              },
            ),
          },
    );
  }
}

describe('a throw anywhere else in one resource is that resource’s error', () => {
  it('a spec whose parsing throws: that resource InvalidSpec, the others scale', async () => {
    const { kube, deps } = setup({ 'http://m/good': () => value(70) }, new TrapKube());
    kube
      .addWorkload('Deployment', 'shop', 'good', 1)
      .addScaling('good', spec('good', 'http://m/good'))
      .addScaling('trap', spec('good', 'http://m/good'));
    const report = await reconcileAll(deps);
    expect(report.resources.map((r) => [r.name, r.action, r.reason])).toEqual([
      ['good', 'scaled', 'SuccessfulRescale'],
      ['trap', 'invalid', 'InvalidSpec'],
    ]);
    expect(report.resources[1]?.message).toBe('spec: could not be parsed (TypeError)');
    expect(kube.replicas('Deployment', 'shop', 'good')).toBe(7);
  });
});

describe('a throw while evaluating the formula is the formula’s failure', () => {
  /** Deeper than any parsed formula (depth 48): the evaluator's recursion overflows the stack. */
  function deep(depth: number): Expr {
    let e: Expr = { kind: 'ref', name: 'q', pos: 1 };
    for (let i = 0; i < depth; i++)
      e = { kind: 'unary', op: '-', arg: { kind: 'unary', op: '-', arg: e, pos: 1 }, pos: 1 };
    return e;
  }
  const input = (fallback?: FallbackSpec): DecideInput => ({
    spec: {
      form: 'full',
      target: WEB_TARGET,
      minReplicas: 1,
      maxReplicas: 20,
      metrics: [{ name: 'q', http: { url: 'http://m/q', valuePath: 'value' } }],
      formula: { expression: '--q', ast: deep(200_000), target: { type: 'Value', value: 10 } },
      ...(fallback && { fallback }),
    },
    currentReplicas: 3,
    statusReplicas: 3,
    metrics: [{ ok: true, value: 50 }],
    now: NOW,
  });

  it('held with the reason, never thrown; fallback applies to it', () => {
    expect(decide(input())).toMatchObject({
      action: 'held',
      desiredReplicas: 3,
      formula: { ok: false, message: 'formula failed (internal RangeError)' },
    });
    const fallback: FallbackSpec = { failureThreshold: 0, replicas: 6, behavior: 'static' };
    expect(decide(input(fallback))).toMatchObject({ desiredReplicas: 6, fallbackActive: true });
  });
});
