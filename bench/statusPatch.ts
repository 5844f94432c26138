/**
 * `npm run bench:status`: what one write costs the API server, per request, by kind. K
 * BusinessScalings (with `behavior: {}`) are reconciled once on a real API server, so their
 * status is what the reconciler writes; then each variant sends N writes (8 in flight), each a
 * real change, and the bench prints kube-apiserver and etcd CPU (from /proc) divided by N.
 *   options: --objects K (50) --writes N (400) --feature-gates G (kube-apiserver's, e.g.
 *            ServerSideApply=false to see what managedFields cost)
 */
import { parseArgs } from 'node:util';
import { parseSettings } from '../lib/config.js';
import { createKubePort, createTransport, loadKubeConfig } from '../lib/kube/client.js';
import type { ScalingObject } from '../lib/kube/port.js';
import { reconcileAll } from '../lib/reconcile/run.js';
import { buildCrd } from '../lib/spec/schema.js';
import { GROUP, PLURAL, VERSION } from '../lib/spec/types.js';
import { createLimiter } from '../lib/util/limit.js';
import { applyCrd } from '../tools/admin.js';
import { startControlPlane } from '../tools/controlPlane.js';
import { startMetricServer } from '../tools/metricServer.js';
import { NAMESPACE, seedCluster } from './seed.js';

const { values } = parseArgs({
  options: {
    objects: { type: 'string', default: '50' },
    writes: { type: 'string', default: '400' },
    'feature-gates': { type: 'string' },
  },
});
const k = Number(values.objects);
const n = Number(values.writes);
const log = (line: string) => process.stdout.write(line + '\n');
const MERGE = 'application/merge-patch+json';
/** A copy of the CRD in another group whose status schema is left open (no structural schema). */
const OPEN_GROUP = 'open.perf.example.com';
/** And one whose status schema has no `pattern` or `format` (regular expressions, date parsing). */
const PLAIN_GROUP = 'plain.perf.example.com';

/** The schema without `pattern` and `format`, at every depth. */
function withoutPatterns(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutPatterns);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key !== 'pattern' && key !== 'format') out[key] = withoutPatterns(value);
  }
  return out;
}

const cp = await startControlPlane({ featureGates: values['feature-gates'] });
if (!cp) {
  log('bench:status needs a control plane (KUBEBUILDER_ASSETS)');
  process.exit(2);
}
const metrics = await startMetricServer({ latencyMs: 0, value: () => 700 });
try {
  await seedCluster(cp, k, (i) => `${metrics.baseUrl}/u/${i}`, { behavior: true });
  const kc = loadKubeConfig({ kubeconfig: cp.kubeconfig('admin') });
  const kube = createKubePort(kc);
  const settings = parseSettings({ ...process.env, METRIC_ALLOWED_NETWORKS: '127.0.0.0/8' });
  await reconcileAll({ kube, settings, log: { info: () => {}, warn: () => {} } });
  const objects = await kube.listScalings();
  const send = createTransport(kc, 30_000);

  type Crd = {
    metadata: { name: string };
    spec: {
      group: string;
      versions: { schema: { openAPIV3Schema: { properties: Record<string, unknown> } } }[];
    };
  };
  const copyCrd = async (group: string, status: (was: unknown) => unknown) => {
    const crd = structuredClone(buildCrd()) as unknown as Crd;
    crd.metadata.name = `${PLURAL}.${group}`;
    crd.spec.group = group;
    for (const v of crd.spec.versions) {
      const props = v.schema.openAPIV3Schema.properties;
      props.status = status(props.status);
    }
    await applyCrd(cp, crd);
    for (const o of objects) {
      const { name } = o.metadata;
      const base = `/apis/${group}/${VERSION}/${PLURAL}`;
      const body = { apiVersion: `${group}/${VERSION}`, kind: 'BusinessScaling' };
      await send('POST', base, { ...body, metadata: { name }, spec: o.spec });
      await send('PATCH', `${base}/${name}/status`, { status: o.status }, MERGE);
    }
  };
  await copyCrd(OPEN_GROUP, () => ({
    type: 'object',
    'x-kubernetes-preserve-unknown-fields': true,
  }));
  await copyCrd(PLAIN_GROUP, withoutPatterns);
  const openPath = (name: string) => `/apis/${OPEN_GROUP}/${VERSION}/${PLURAL}/${name}`;
  const plainPath = (name: string) => `/apis/${PLAIN_GROUP}/${VERSION}/${PLURAL}/${name}`;

  const ownPath = (name: string) => `/apis/${GROUP}/${VERSION}/${PLURAL}/${name}/status`;
  const variants: [string, (o: ScalingObject, i: number) => Promise<unknown>][] = [
    [
      'BusinessScaling /status, whole status (as written)',
      (o, i) => send('PATCH', ownPath(o.metadata.name), { status: changed(o, i) }, MERGE),
    ],
    [
      'BusinessScaling /status, changed fields only',
      (o, i) => send('PATCH', ownPath(o.metadata.name), { status: delta(i) }, MERGE),
    ],
    [
      'same, status schema without pattern/format',
      (o, i) =>
        send('PATCH', `${plainPath(o.metadata.name)}/status`, { status: changed(o, i) }, MERGE),
    ],
    [
      'same, status schema open (preserve-unknown-fields)',
      (o, i) =>
        send('PATCH', `${openPath(o.metadata.name)}/status`, { status: changed(o, i) }, MERGE),
    ],
    [
      'same, a 2-field status (open schema)',
      (o, i) => send('PATCH', `${openPath(o.metadata.name)}/status`, { status: delta(i) }, MERGE),
    ],
    [
      'Deployment /scale',
      (o, i) =>
        send(
          'PATCH',
          `/apis/apps/v1/namespaces/${NAMESPACE}/deployments/${o.metadata.name}/scale`,
          { spec: { replicas: 1 + (i % 2) } },
          MERGE,
        ),
    ],
    ['Event (POST)', (o) => kube.createEvent(o, { type: 'Normal', reason: 'Bench', message: 'x' })],
  ];
  const limit = createLimiter(8);
  // A warm-up round first: the API server's first requests of a kind cost more.
  for (const [, write] of variants) {
    await Promise.all(Array.from({ length: k }, (_, i) => limit(() => write(objects[i]!, i))));
  }
  for (const [label, write] of variants) {
    const before = cp.cpuMs();
    await Promise.all(Array.from({ length: n }, (_, i) => limit(() => write(objects[i % k]!, i))));
    const after = cp.cpuMs();
    const per = (p: string) => ((after?.[p] ?? 0) - (before?.[p] ?? 0)) / n;
    log(
      `${label.padEnd(52)} kube-apiserver ${per('kube-apiserver').toFixed(2)} ms, etcd ${per('etcd').toFixed(2)} ms per request`,
    );
  }
  const size = JSON.stringify(objects[0]?.status ?? {}).length;
  log(`(status as written: ${size} bytes of JSON; ${n} writes over ${k} objects, 8 in flight)`);

  // The same objects once their status holds DECISION_HISTORY decisions, as after 10 decisions.
  const full = (o: ScalingObject) => {
    const first = o.status?.decisions?.[0];
    if (first === undefined) return o.status;
    const decisions = Array.from({ length: settings.decisionHistory }, (_, j) => ({
      ...first,
      time: new Date(1_700_000_000_000 + j * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      to: first.to + j,
    }));
    return { ...o.status, decisions };
  };
  await Promise.all(
    objects.map((o) =>
      limit(() => send('PATCH', ownPath(o.metadata.name), { status: full(o) }, MERGE)),
    ),
  );
  const before = cp.cpuMs();
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      limit(() =>
        send('PATCH', ownPath(objects[i % k]!.metadata.name), { status: delta(i) }, MERGE),
      ),
    ),
  );
  const after = cp.cpuMs();
  const per = (p: string) => ((after?.[p] ?? 0) - (before?.[p] ?? 0)) / n;
  const label = `same as changed fields only, ${settings.decisionHistory} decisions stored`;
  log(
    `${label.padEnd(52)} kube-apiserver ${per('kube-apiserver').toFixed(2)} ms, etcd ${per('etcd').toFixed(2)} ms per request`,
  );
  const fullSize = JSON.stringify(full(objects[0]!) ?? {}).length;
  log(`(status with ${settings.decisionHistory} decisions: ${fullSize} bytes of JSON)`);
} finally {
  await metrics.close();
  await cp.stop();
}
process.exit(0);

/** Every write a real change: the replicas and the time move. */
function delta(i: number) {
  return {
    desiredReplicas: 1 + (i % 2),
    currentReplicas: 1 + (i % 2),
    lastScaleTime: new Date(1_800_000_000_000 + i * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}
function changed(o: ScalingObject, i: number) {
  return { ...o.status, ...delta(i) };
}
