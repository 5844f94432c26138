/**
 * The world the behavior tests run in: a real control plane with our CRD, namespace `shop` and
 * the shard leases' namespace, a metric server answering `/v/<name>` from values the test sets
 * (HTTP 500 while a name is failing), and Deployments in `shop` scaled by `ordersSpec`
 * resources. Every run is a fresh instance at the instant given: state comes from status alone.
 */
import { ordersSpec } from '../ordersSpec.js';
import { useCluster } from './cluster.js';
import { conditionOf, replicasOf, runFresh, statusOf } from './runs.js';
import { keyedAnswer, keyedValues, useMetricServer } from './servers.js';

export function useOrdersWorld(opts: { failBody?: string } = {}) {
  const cp = useCluster({ namespaces: ['shop'], leaseNamespace: true });
  const keyed = keyedValues();
  const metrics = useMetricServer({ answer: keyedAnswer(keyed, opts.failBody) });
  return {
    cp,
    metrics,
    ...keyed,
    /** One run at `now` (admin, fresh port). */
    runAt: (now: Date) => runFresh(cp(), { now }),
    replicas: (name: string) => replicasOf(cp(), 'shop', name),
    status: (name: string) => statusOf(cp(), name),
    condition: (name: string, type: string) => conditionOf(cp(), name, type),
    /** `ordersSpec` against this world's metric server. */
    spec: (name: string, extra: object = {}) => ordersSpec(metrics().baseUrl, name, extra),
  };
}
