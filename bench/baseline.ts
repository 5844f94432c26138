/**
 * The original Kopf operator's way, for comparison: per resource, one after another, GET the
 * metric, GET the Deployment, PATCH the Deployment if the replicas differ — with
 * @kubernetes/client-node used as it comes (no shared connection pool), as a direct port would.
 */
import { AppsV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import axios from 'axios';
import { loadKubeConfig } from '../lib/kube/client.js';
import { NAMESPACE } from './seed.js';

function originalFormula(users: number): number {
  const [minUsers, maxUsers, minReplicas, maxReplicas] = [100, 1000, 1, 10];
  if (users < minUsers) return minReplicas;
  if (users > maxUsers) return maxReplicas;
  return Math.trunc(
    ((users - minUsers) / (maxUsers - minUsers)) * (maxReplicas - minReplicas) + minReplicas,
  );
}

export async function runSequentialBaseline(
  kubeconfig: string,
  n: number,
  urlOf: (i: number) => string,
) {
  const apps = loadKubeConfig({ kubeconfig }).makeApiClient(AppsV1Api);
  const byVerb: Record<string, number> = {};
  const count = (verb: string) => (byVerb[verb] = (byVerb[verb] ?? 0) + 1);
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const res = await axios.get<{ active_users: number }>(urlOf(i));
    const desired = originalFormula(res.data.active_users);
    const name = `app-${i}`;
    const dep = await apps.readNamespacedDeployment({ name, namespace: NAMESPACE });
    count('GET');
    if (dep.spec?.replicas !== desired) {
      await apps.patchNamespacedDeployment(
        { name, namespace: NAMESPACE, body: { spec: { replicas: desired } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      count('PATCH');
    }
  }
  return { wallMs: Math.round(performance.now() - started), byVerb };
}
