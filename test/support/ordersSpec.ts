/**
 * The full-form spec the behavior tests share: Deployment `shop/<name>`, 1..20 replicas, one
 * metric `orders` read from `<baseUrl>/v/<name>` with a target of 100 per replica; `extra`
 * adds or overrides top-level fields (behavior, fallback, schedules, …).
 */
export const ordersSpec = (baseUrl: string, name: string, extra: object = {}) => ({
  scaleTargetRef: { kind: 'Deployment', name, namespace: 'shop' },
  minReplicas: 1,
  maxReplicas: 20,
  metrics: [
    {
      name: 'orders',
      http: { url: `${baseUrl}/v/${name}` },
      target: { type: 'AverageValue', averageValue: 100 },
    },
  ],
  ...extra,
});
