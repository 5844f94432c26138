/**
 * The formula's value in status on a real API server: the CRD keeps `status.currentFormula` and
 * `status.decisions[].formula` (nothing pruned), and accepts `spec.formula.coalesce`.
 */
import { explainDecisions } from '../../lib/record/explain.js';
import { createDeployment, createScaling, getReplicas, getScaling } from '../../tools/admin.js';
import { json, startMetricServer, type MetricServer } from '../../tools/metricServer.js';
import { describeIfCluster, useControlPlane } from '../harness/controlPlane.js';
import { setUpCluster } from '../support/builders/cluster.js';
import { runFresh } from '../support/builders/runs.js';

describeIfCluster('formula value in status (real API server)', () => {
  const cp = useControlPlane();
  let metrics: MetricServer;

  beforeAll(async () => {
    metrics = await startMetricServer({
      answer: (p) => (p === '/queue' ? json({ length: 16 }) : { status: 503, body: 'down' }),
    });
    await setUpCluster(cp(), { namespaces: ['shop'], leaseNamespace: true });
  });
  afterAll(() => metrics.close());

  it('records currentFormula and decisions[].formula; explain reads them', async () => {
    await createDeployment(cp(), 'shop', 'web', 1);
    await createScaling(cp(), {
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'web',
          namespace: 'shop',
        },
        minReplicas: 1,
        maxReplicas: 20,
        behavior: { scaleUp: { policies: [{ type: 'Pods', value: 100, periodSeconds: 1 }] } },
        fallback: { failureThreshold: 3, replicas: 4 },
        metrics: [
          { name: 'queue', http: { url: `${metrics.baseUrl}/queue`, valuePath: 'length' } },
          { name: 'backup', http: { url: `${metrics.baseUrl}/down`, valuePath: 'length' } },
        ],
        formula: {
          expression: 'float(queue ?? backup ?? 8) / 2',
          target: { type: 'AverageValue', averageValue: 1 },
          coalesce: 'AfterFailureThreshold',
        },
      },
    });
    const run = () => runFresh(cp(), { env: { METRIC_TIMEOUT_MS: '500' } });
    // backup fails: with AfterFailureThreshold the run is held (1 failed run ≤ 3), as KEDA does
    await run();
    let status = (await getScaling(cp(), 'web')).status;
    expect(status?.currentFormula?.error).toContain('metric backup failed');
    expect(status?.failureCount).toBe(1);
    expect((await getReplicas(cp(), 'Deployment', 'shop', 'web')).spec).toBe(1);
    // the 4th failed run passes the threshold: backup is nil, queue 16 / 2 = 8 → 8 replicas
    for (let i = 0; i < 3; i++) await run();
    status = (await getScaling(cp(), 'web')).status;
    expect(status?.failureCount).toBe(4);
    expect(status?.currentFormula).toEqual({ value: 8 });
    expect(status?.decisions?.at(-1)?.formula).toMatchObject({ name: 'formula', value: 8 });
    expect((await getReplicas(cp(), 'Deployment', 'shop', 'web')).spec).toBe(8);
    expect(explainDecisions(status?.decisions).at(-1)).toContain('formula 8 ÷ 1 per replica = 8');
  });
});
