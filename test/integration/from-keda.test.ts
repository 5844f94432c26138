/**
 * `from-keda` beside KEDA: each converted fixture runs against a real HTTP server on 127.0.0.1
 * serving the values KEDA's own e2e test feeds (the tests-metrics-api `{"value": N}` body, and
 * the Prometheus query API), through the whole reconciler (`reconcileAll`, in-memory KubePort,
 * real metric reads), run after run until it settles. The replicas must be those KEDA settles on,
 * computed from the ScaledObject itself (test/support/kedaModel.ts).
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { parseFormula } from '../../lib/formula/parse.js';
import { convertKeda } from '../../lib/keda/convert.js';
import { reconcileAll } from '../../lib/reconcile/run.js';
import { FakeKube } from '../support/fakeKube.js';
import { kedaDesired, type KedaScaledObject } from '../support/kedaModel.js';
import { useGuardedFetch } from '../support/builders/guardedFetch.js';
import { useLoopbackServer } from '../support/builders/servers.js';

type Values = Record<string, number | undefined>;
let values: Values = {};
/** Metric name → the dot path its body holds the value at (the fixture's valueLocation). */
const paths = new Map<string, string>();

/** `a.b` and 5 → `{"a": {"b": 5}}`. */
const nest = (path: string, v: number): unknown =>
  path.split('.').reduceRight<unknown>((inner, key) => ({ [key]: inner }), v);

/** `/m/<name>`: `{"value": N}`; `/p/<name>/api/v1/query`: one sample; a missing value: 503. */
const server = http.createServer((req, res) => {
  const [, kind, name] = new URL(req.url ?? '/', 'http://x').pathname.split('/');
  const v = values[name ?? ''];
  if (v === undefined) return void res.writeHead(503).end();
  const body =
    kind === 'p'
      ? {
          status: 'success',
          data: { resultType: 'vector', result: [{ metric: {}, value: [0, String(v)] }] },
        }
      : nest(paths.get(name ?? '') ?? 'value', v);
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
});

const { refused, tripwire, settings, fetchBody: guardedFetch } = useGuardedFetch();
const base = useLoopbackServer(server);
afterEach(() => expect([refused, tripwire().stopped]).toEqual([[], []]));

type Metric = {
  name: string;
  http?: { url: string; valuePath?: string };
  prometheus?: { serverAddress: string };
};
interface Spec {
  scaleTargetRef: { kind: string; namespace: string; name: string };
  metrics: Metric[];
}

/** The fixture's ScaledObject and its conversion, with every source pointed at our server. */
function convertFixture(file: string, base: string, extra: readonly string[] = []) {
  const text = readFileSync(`test/fixtures/keda/${file}`, 'utf8');
  const so = parseAllDocuments(text)
    .map((d) => d.toJS() as { kind: string })
    .find((d) => d.kind === 'ScaledObject') as unknown as KedaScaledObject;
  const resource = convertKeda(text).resources[0] as { metadata: { name: string }; spec: Spec };
  const spec = resource.spec;
  for (const m of spec.metrics) {
    if (m.http) m.http.url = `${base}/m/${m.name}`;
    if (m.http?.valuePath) paths.set(m.name, m.http.valuePath);
    if (m.prometheus) m.prometheus.serverAddress = `${base}/p/${m.name}`;
  }
  // A trigger that was not carried over, replaced (as its note asks) by an HTTP metric of the same name.
  for (const name of extra) spec.metrics.push({ name, http: { url: `${base}/m/${name}` } });
  return { so, name: resource.metadata.name, spec };
}

interface Scenario {
  readonly fixture: string;
  readonly initial: number;
  readonly steps: readonly Values[];
  readonly extra?: readonly string[];
  readonly composite?: (v: Readonly<Record<string, number>>) => number;
}

const countParses = parseFormula('count([kw_trig, metrics_api], {# > 1}) > 1 ? 5 : 0', [
  'kw_trig',
  'metrics_api',
]).ok;
const M = 'metrics-api-0';

const SCENARIOS: Scenario[] = [
  // metrics_api_test.go: activation 20 → stays 0 at 10; 50 → max 2; 4 → back to 0
  { fixture: 'metrics-api-e2e.yaml', initial: 0, steps: [{ [M]: 10 }, { [M]: 50 }, { [M]: 4 }] },
  // fallback.go: scale out to max, metrics server down → fallback 3, back → max
  {
    fixture: 'fallback-average-e2e.yaml',
    initial: 0,
    steps: [{ [M]: 50 }, { [M]: undefined }, { [M]: 50 }],
  },
  {
    fixture: 'fallback-value-e2e.yaml',
    initial: 0,
    steps: [{ [M]: 50 }, { [M]: undefined }, { [M]: 50 }],
  },
  {
    fixture: 'fallback-no-metric-type-e2e.yaml',
    initial: 0,
    steps: [{ [M]: 20 }, { [M]: undefined }],
  },
  { fixture: 'fallback-if-higher-e2e.yaml', initial: 0, steps: [{ [M]: 20 }, { [M]: undefined }] },
  { fixture: 'fallback-if-lower-e2e.yaml', initial: 0, steps: [{ [M]: 20 }, { [M]: undefined }] },
  { fixture: 'fallback-current-e2e.yaml', initial: 0, steps: [{ [M]: 20 }, { [M]: undefined }] },
  { fixture: 'fallback-static-e2e.yaml', initial: 0, steps: [{ [M]: 20 }, { [M]: undefined }] },
  // TestFallbackFromZero: the metrics server is down from the start
  { fixture: 'fallback-static-e2e.yaml', initial: 0, steps: [{ [M]: undefined }] },
  // scaling_modifiers_test.go: 0+2 ≤ activation 2 → 0; 3+2 → 3; server down → fallback 5; 2+2 → 2
  {
    fixture: 'scaling-modifiers-e2e.yaml',
    initial: 0,
    extra: ['kw_trig'],
    composite: (v) => v.metrics_api! + v.kw_trig!,
    steps: [
      { metrics_api: 0, kw_trig: 2 },
      { metrics_api: 3, kw_trig: 2 },
      { metrics_api: undefined, kw_trig: 2 },
      { metrics_api: 2, kw_trig: 2 },
    ],
  },
  ...(countParses
    ? [
        {
          fixture: 'scaling-modifiers-count-e2e.yaml',
          initial: 0,
          extra: ['kw_trig'],
          composite: (v: Readonly<Record<string, number>>) =>
            [v.kw_trig!, v.metrics_api!].filter((x) => x > 1).length > 1 ? 5 : 0,
          steps: [
            { metrics_api: 0, kw_trig: 2 },
            { metrics_api: 2, kw_trig: 2 },
          ],
        },
      ]
    : []),
  // prometheus_test.go: low load under activation 20 → 0; high load → max 2; no load → 0
  {
    fixture: 'prometheus-e2e.yaml',
    initial: 0,
    steps: [{ 'prometheus-0': 10 }, { 'prometheus-0': 80 }, { 'prometheus-0': 0 }],
  },
  // keda-docs metrics-api example (target 7, max 12) and the scalingModifiers fallback example
  {
    fixture: 'docs-metrics-api-example.yaml',
    initial: 1,
    steps: [{ [M]: 12 }, { [M]: 30 }, { [M]: 200 }],
  },
  {
    fixture: 'docs-scaling-modifiers-fallback.yaml',
    initial: 1,
    composite: (v) => v.best_metric!,
    steps: [{ best_metric: 16, slower_metric: 12, metric_backup: 10 }],
  },
];

/** Runs the reconciler `runs` times, 400 s apart (past every window and cooldown of the fixtures). */
async function settle(kube: FakeKube, clock: { t: number }, runs = 8): Promise<void> {
  for (let i = 0; i < runs; i += 1) {
    clock.t += 400_000;
    await reconcileAll({
      kube,
      settings,
      log: { info: () => undefined, warn: () => undefined },
      now: () => new Date(clock.t),
      fetchBody: guardedFetch,
    });
  }
}

it.each(SCENARIOS.map((s) => [s.fixture, s] as const))(
  '%s settles where KEDA does',
  async (_, s) => {
    const { so, name, spec } = convertFixture(s.fixture, base(), s.extra);
    const ref = spec.scaleTargetRef;
    const kube = new FakeKube()
      .addWorkload(ref.kind, ref.namespace, ref.name, s.initial)
      .addScaling(name, spec);
    const clock = { t: Date.parse('2026-01-01T00:00:00Z') };
    let current = s.initial;
    const ours: number[] = [];
    const keda: number[] = [];
    for (const step of s.steps) {
      values = step;
      keda.push(kedaDesired(so, { values: step, current, composite: s.composite }));
      await settle(kube, clock);
      current = kube.replicas(ref.kind, ref.namespace, ref.name) ?? -1;
      ours.push(current);
    }
    expect(ours).toEqual(keda);
  },
);
