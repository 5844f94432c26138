/** The demo's traffic curve and resources: one BusinessScaling per spec form. */
export const NAMESPACE = 'business-scaler-demo';

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

export function demoResources(metricsUrl: string) {
  return [
    {
      name: 'shop',
      deployment: 'shop',
      spec: {
        targetDeployment: 'shop',
        targetNamespace: NAMESPACE,
        metricSource: `${metricsUrl}/users`,
        scaleThresholds: { minUsers: 100, maxUsers: 1000, minReplicas: 1, maxReplicas: 10 },
      },
    },
    {
      name: 'checkout',
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
