/**
 * spec.formula end to end through `reconcileAll`: two metrics from a real server on 127.0.0.1
 * (one JSON, one YAML), combined by the formula; when the queue endpoint fails, `??` takes the
 * estimate; without `??` the formula fails and the size is held. In-memory KubePort.
 */
import http from 'node:http';
import { formatTable } from '../../lib/cli/table.js';
import { explainDecisions } from '../../lib/record/explain.js';
import { reconcileAll, type RunDeps } from '../../lib/reconcile/run.js';
import { FakeKube } from '../support/fakeKube.js';
import { ACT_AT_ONCE } from '../support/builders/resources.js';
import { useGuardedFetch } from '../support/builders/guardedFetch.js';
import { useLoopbackServer } from '../support/builders/servers.js';

let queueDown = false;
const server = http.createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/queue') {
    if (queueDown) return void res.writeHead(503).end();
    return void res.end(JSON.stringify({ length: 120 }));
  }
  if (path === '/estimate.yaml') return void res.end('estimate:\n  orders: 300\n');
  res.writeHead(404).end();
});

const { refused, tripwire, settings, fetchBody: guardedFetch } = useGuardedFetch();
const base = useLoopbackServer(server);
afterEach(() => expect([refused, tripwire().stopped]).toEqual([[], []]));

function setup(expression: string) {
  const kube = new FakeKube().addWorkload('Deployment', 'shop', 'web', 2).addScaling('web', {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' },
    minReplicas: 1,
    maxReplicas: 50,
    // acts at once (the README recipe): this test is about the metric, not the HPA's legacy cap
    behavior: ACT_AT_ONCE,
    metrics: [
      { name: 'queue', http: { url: `${base()}/queue`, valuePath: 'length' } },
      {
        name: 'estimate',
        http: { url: `${base()}/estimate.yaml`, format: 'yaml', valuePath: 'estimate.orders' },
      },
    ],
    formula: { expression, target: { type: 'AverageValue', averageValue: 10 } },
  });
  const deps: RunDeps = {
    kube,
    settings,
    log: { info: () => undefined, warn: () => undefined },
    fetchBody: guardedFetch,
  };
  return { kube, deps };
}

it.each<[string, string, boolean, number, string]>([
  // max(120, 300 / 10) = 120 → ceil(120 / 10) = 12
  ['the formula value scales', 'max(queue, estimate / 10)', false, 12, 'scaled'],
  // queue failed → estimate / 10 = 30 → 3
  ['?? takes the estimate when the queue fails', 'queue ?? (estimate / 10)', true, 3, 'scaled'],
  // queue failed, no ?? → held at 2
  ['a failed metric without ?? holds', 'queue + estimate', true, 2, 'held'],
])('%s', async (_, expression, down, replicas, action) => {
  queueDown = down;
  const { kube, deps } = setup(expression);
  const report = await reconcileAll(deps);
  expect(report.resources[0]).toMatchObject({ action });
  expect(kube.replicas('Deployment', 'shop', 'web')).toBe(replicas);
});

describe('the formula value is shown wherever a metric value is', () => {
  it.each<[string, string, boolean, number | { error: string }, string, string]>([
    // max(120, 300 / 10) = 120 → 120 ÷ 10 per replica = 12
    ['a value', 'max(queue, estimate / 10)', false, 120, 'formula=120', 'formula 120 ÷ 10'],
    ['a failure', 'queue + estimate', true, { error: 'http' }, 'formula=!http', 'formula failed'],
  ])('%s: report, table, status and explain', async (_, expression, down, shown, cell, line) => {
    queueDown = down;
    const { kube, deps } = setup(expression);
    const report = await reconcileAll(deps);
    expect(report.resources[0]?.formula).toEqual(shown);
    expect(formatTable(report)).toContain(cell);
    const status = kube.scalings.get('web')?.status;
    if (typeof shown === 'number') expect(status?.currentFormula).toEqual({ value: shown });
    else expect(status?.currentFormula?.error).toContain('metric queue failed (http');
    expect(explainDecisions(status?.decisions).at(-1)).toContain(line);
  });
});
