/** The demo's traffic curve and resources: one BusinessScaling per spec form. */
import { randomBytes } from 'node:crypto';

/** The label every object of one demo run carries: `<key>=<run id>`. */
export const RUN_LABEL = 'business-scaler-demo/run';

/** One demo run: a random id in every name, so the demo never meets an object it did not make. */
export interface DemoRun {
  readonly id: string;
  readonly namespace: string;
  /** BusinessScaling names (cluster-scoped), by role. */
  readonly shop: string;
  readonly checkout: string;
  readonly labels: Readonly<Record<string, string>>;
}

export function newDemoRun(id = randomBytes(3).toString('hex')): DemoRun {
  return {
    id,
    namespace: `business-scaler-demo-${id}`,
    shop: `demo-${id}-shop`,
    checkout: `demo-${id}-checkout`,
    labels: { [RUN_LABEL]: id },
  };
}

/** Users over time (s): quiet, a campaign ramps traffic up, then it cools down. */
export function usersAt(t: number): number {
  const points: [number, number][] = [
    [0, 60],
    [6, 60],
    [18, 1200],
    [24, 1200],
    [33, 300],
    [1e9, 300],
  ];
  for (let i = 1; i < points.length; i++) {
    const [t0, v0] = points[i - 1]!;
    const [t1, v1] = points[i]!;
    if (t <= t1) return Math.round(v0 + ((t - t0) / (t1 - t0)) * (v1 - v0));
  }
  return 300;
}

/** `/users` → active users; `/orders` → orders per minute (about a third of the users). */
export function trafficAt(t: number, path: string): number {
  const users = usersAt(t);
  return path.startsWith('/orders') ? Math.round(users / 3) : users;
}

export function demoResources(run: DemoRun, metricsUrl: string) {
  const NAMESPACE = run.namespace;
  return [
    {
      name: run.shop,
      deployment: 'shop',
      spec: {
        targetDeployment: 'shop',
        targetNamespace: NAMESPACE,
        metricSource: `${metricsUrl}/users`,
        scaleThresholds: { minUsers: 100, maxUsers: 1000, minReplicas: 1, maxReplicas: 10 },
      },
    },
    {
      name: run.checkout,
      deployment: 'checkout',
      spec: {
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'checkout',
          namespace: NAMESPACE,
        },
        minReplicas: 1,
        maxReplicas: 6,
        metrics: [
          {
            name: 'orders',
            http: { url: `${metricsUrl}/orders`, valuePath: 'active_users' },
            target: { type: 'AverageValue', averageValue: 50 },
          },
        ],
      },
    },
  ];
}
