/**
 * A run's metric reader: the guard, limits, auth (Secrets, Entra ID, OAuth2) of its settings;
 * and, with the same guard and auth, the Prometheus range query that is a Prometheus metric's
 * forecast history (lib/history/promSource.ts).
 */
import { processTokenCache } from '../auth/oauth2.js';
import { createAuthResolver, type AuthResolver, type TokenSource } from '../auth/resolve.js';
import { lazyCredential } from '../azure/credential.js';
import { fetchBody } from '../metrics/fetch.js';
import { MetricReader } from '../metrics/reader.js';
import { createPromHistorySource } from '../history/promSource.js';
import type { HistorySource } from '../history/source.js';
import type { PrometheusMetricSource } from '../spec/types.js';
import type { Limiter } from '../util/limit.js';
import type { RunDeps } from './runTypes.js';

const credentials = new Map<string, () => Promise<TokenSource>>();

/** One lazily created credential per identity and process, so its token cache is kept. */
function processCredential(clientId: string | undefined): () => Promise<TokenSource> {
  const key = clientId ?? '';
  let credential = credentials.get(key);
  if (!credential) credentials.set(key, (credential = lazyCredential(clientId)));
  return credential;
}

export interface RunSources {
  readonly metrics: MetricReader;
  /** A Prometheus metric's history: its own range query, nothing stored. */
  readonly promHistory: (source: PrometheusMetricSource) => HistorySource;
}

export function createRunSources(deps: RunDeps, kubeLimit: Limiter): RunSources {
  const s = deps.settings;
  const fetchOptions = {
    timeoutMs: s.metricTimeoutMs,
    maxBytes: s.metricMaxBytes,
    network: s.metricNetwork,
  };
  const auth: AuthResolver = createAuthResolver({
    kube: deps.kube,
    secretsNamespaces: s.secretsNamespaces,
    azureScopes: s.metricAzureScopes,
    credential: deps.metricCredential ?? processCredential(s.azureClientId),
    oauth2: {
      cache: deps.oauth2Tokens ?? processTokenCache,
      // Token requests take the metric requests' path: same guard, limits and injected fetch.
      fetch: deps.fetchBody ?? fetchBody,
      options: fetchOptions,
    },
  });
  const metrics = new MetricReader(
    {
      ...fetchOptions,
      concurrency: s.metricConcurrency,
      concurrencyPerHost: s.metricConcurrencyPerHost,
      hostFailureLimit: s.metricHostFailureLimit,
      endpoints: {
        list: (namespace, service) =>
          kubeLimit(() => deps.kube.listEndpointSlices(namespace, service)),
        namespaces: s.endpointsNamespaces,
      },
    },
    deps.fetchBody,
    auth,
  );
  const promHistory = (source: PrometheusMetricSource) =>
    createPromHistorySource({
      source,
      options: fetchOptions,
      auth,
      ...(deps.fetchBody !== undefined && { fetch: deps.fetchBody }),
    });
  return { metrics, promHistory };
}
