/** A run's metric reader: the guard, limits, auth (Secrets, Entra ID, OAuth2) of its settings. */
import { processTokenCache } from '../auth/oauth2.js';
import { createAuthResolver, type TokenSource } from '../auth/resolve.js';
import { lazyCredential } from '../azure/credential.js';
import { fetchBody } from '../metrics/fetch.js';
import { MetricReader } from '../metrics/reader.js';
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

export function createRunReader(deps: RunDeps, kubeLimit: Limiter): MetricReader {
  const s = deps.settings;
  const fetchOptions = {
    timeoutMs: s.metricTimeoutMs,
    maxBytes: s.metricMaxBytes,
    network: s.metricNetwork,
  };
  return new MetricReader(
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
    createAuthResolver({
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
    }),
  );
}
