/** Bench set-up as admin: namespace, N Deployments, the CRD and N original-form BusinessScalings. */
import { DEFAULTS } from '../lib/config.js';
import { buildCrd } from '../lib/spec/schema.js';
import { GROUP, KIND, PLURAL, VERSION } from '../lib/spec/types.js';
import { createLimiter } from '../lib/util/limit.js';
import { admin, applyCrd } from '../tools/admin.js';
import type { ControlPlane } from '../tools/controlPlane.js';

export const NAMESPACE = 'bench';

const deployment = (name: string, replicas: number) => ({
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'app', image: 'nginx' }] },
    },
  },
});

export async function seedCluster(
  cp: ControlPlane,
  n: number,
  urlOf: (i: number) => string,
  opts: { behavior?: boolean } = {},
): Promise<number> {
  const started = Date.now();
  const c = admin(cp);
  await applyCrd(cp, buildCrd());
  await c.core.createNamespace({ body: { metadata: { name: NAMESPACE } } });
  // Every run that writes takes its shard's Lease there (lib/lease).
  await c.core.createNamespace({ body: { metadata: { name: DEFAULTS.leaseNamespace } } });
  const limit = createLimiter(32);
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      limit(async () => {
        await c.apps.createNamespacedDeployment({
          namespace: NAMESPACE,
          body: deployment(`app-${i}`, 1),
        });
        await c.custom.createClusterCustomObject({
          group: GROUP,
          version: VERSION,
          plural: PLURAL,
          body: {
            apiVersion: `${GROUP}/${VERSION}`,
            kind: KIND,
            metadata: { name: `app-${i}` },
            spec: {
              targetDeployment: `app-${i}`,
              targetNamespace: NAMESPACE,
              metricSource: urlOf(i),
              scaleThresholds: { minUsers: 100, maxUsers: 1000, minReplicas: 1, maxReplicas: 10 },
              ...(opts.behavior === true && { behavior: {} }),
            },
          },
        });
      }),
    ),
  );
  return Date.now() - started;
}

export async function resetReplicas(cp: ControlPlane, n: number, replicas: number): Promise<void> {
  const c = admin(cp);
  const limit = createLimiter(32);
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      limit(() =>
        c.apps.replaceNamespacedDeploymentScale({
          name: `app-${i}`,
          namespace: NAMESPACE,
          body: { metadata: { name: `app-${i}`, namespace: NAMESPACE }, spec: { replicas } },
        }),
      ),
    ),
  );
}
