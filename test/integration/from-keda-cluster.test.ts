/**
 * `from-keda` results on a real kube-apiserver with our CRD installed: each converted fixture is
 * created (the API server validates it against the CRD schema), and one runs end to end —
 * `reconcile --once` beside a real metric server on 127.0.0.1 — to the replicas KEDA settles on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { main, EXIT } from '../../lib/cli/main.js';
import { convertKeda } from '../../lib/keda/convert.js';
import { buildCrd } from '../../lib/spec/schema.js';
import { startMetricServer, json, type MetricServer } from '../../tools/metricServer.js';
import {
  applyCrd,
  createDeployment,
  createNamespace,
  createScaling,
  getReplicas,
} from '../../tools/admin.js';
import { describeIfCluster, useControlPlane } from '../harness/controlPlane.js';
import { kedaDesired, type KedaScaledObject } from '../support/kedaModel.js';

const DIR = 'test/fixtures/keda';
/** Rejected by the CRD schema itself: no trigger could be carried over (metrics minItems 1). */
const REJECTED = new Set(['fallback-scaling-modifiers-e2e.yaml']);

function converted(file: string) {
  const text = readFileSync(`${DIR}/${file}`, 'utf8');
  const so = parseAllDocuments(text)
    .map((d) => d.toJS() as { kind: string })
    .find((d) => d.kind === 'ScaledObject') as unknown as KedaScaledObject;
  const r = convertKeda(text).resources[0] as {
    metadata: { name: string; annotations?: Record<string, string> };
    spec: { metrics: { http?: { url: string } }[] };
  };
  return { so, resource: r };
}

describeIfCluster('from-keda results on a real API server', () => {
  const cp = useControlPlane();
  let metrics: MetricServer;
  let value = 21;
  const env = process.env.METRIC_ALLOWED_NETWORKS;

  beforeAll(async () => {
    process.env.METRIC_ALLOWED_NETWORKS = '127.0.0.0/8';
    metrics = await startMetricServer({
      answer: () => json({ components: { worker: { tasks: value } } }),
    });
    await applyCrd(cp(), buildCrd());
    await createNamespace(cp(), 'keda');
    await createNamespace(cp(), 'business-scaling-system'); // the shard leases'
    await createDeployment(cp(), 'keda', 'dummy', 1);
  });
  afterAll(async () => {
    process.env.METRIC_ALLOWED_NETWORKS = env;
    await metrics.close();
  });

  const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));

  it.each(files)('%s: the API server validates the result against the CRD', async (file) => {
    const { resource } = converted(file);
    const name = file.replace(/\.yaml$/, '').replace(/[^a-z0-9-]/g, '-');
    // Observe mode: several fixtures target the same workload, and an observer is no conflict.
    const spec = { ...resource.spec, mode: 'Observe' };
    const create = createScaling(cp(), { metadata: { ...resource.metadata, name }, spec });
    if (REJECTED.has(file)) await expect(create).rejects.toThrow(/metrics|Invalid/);
    else await expect(create).resolves.toMatchObject({ metadata: { name } });
  });

  it('reconcile --once on the converted docs example scales where KEDA would', async () => {
    const { so, resource } = converted('docs-metrics-api-example.yaml');
    resource.spec.metrics[0]!.http!.url = `${metrics.baseUrl}/components/stats`;
    await createScaling(cp(), resource);
    value = 21;
    // KEDA: ceil(21 / 7) = 3 from 1 replica (within the HPA's first-step cap of 4)
    const keda = kedaDesired(so, { values: { 'metrics-api-0': 21 }, current: 1 });
    const err: string[] = [];
    const code = await main(
      [
        'reconcile',
        '--once',
        '--name',
        resource.metadata.name,
        '--kubeconfig',
        cp().kubeconfig('admin'),
      ],
      { out: () => undefined, err: (t) => err.push(t) },
    );
    expect([code, err.at(-1)]).toEqual([EXIT.ok, expect.stringMatching(/ scaled=1 /)]);
    expect(keda).toBe(3);
    expect((await getReplicas(cp(), 'Deployment', 'keda', 'dummy')).spec).toBe(keda);
  });
});
