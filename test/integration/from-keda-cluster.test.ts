/**
 * `from-keda` results on a real kube-apiserver with our CRD installed: each converted fixture is
 * created (the API server validates it against the CRD schema), and one runs end to end —
 * `reconcile --once` beside a real metric server on 127.0.0.1 — to the replicas KEDA settles on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { main, EXIT } from '../../lib/cli/main.js';
import { convertKeda } from '../../lib/keda/convert.js';
import { json } from '../../tools/metricServer.js';
import { createDeployment, createScaling, getReplicas } from '../../tools/admin.js';
import { describeIfCluster } from '../harness/controlPlane.js';
import { useCluster } from '../support/builders/cluster.js';
import { useEnv } from '../support/builders/env.js';
import { LOOPBACK_ENV } from '../support/builders/runs.js';
import { useMetricServer } from '../support/builders/servers.js';
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
  const cp = useCluster({ namespaces: ['keda'], leaseNamespace: true });
  useEnv(LOOPBACK_ENV);
  let value = 21;
  const metrics = useMetricServer({
    answer: () => json({ components: { worker: { tasks: value } } }),
  });

  beforeAll(() => createDeployment(cp(), 'keda', 'dummy', 1));

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
    resource.spec.metrics[0]!.http!.url = `${metrics().baseUrl}/components/stats`;
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
