/** The settings the process runs with: parsed once by lib/config.ts (`parseSettings`). */
import type { ClusterId } from './azure/clusterId.js';
import type { FanoutSettings } from './fanout/settings.js';
import type { HistoryStoreSettings } from './history/blobSettings.js';
import type { LeaseSettings } from './lease/settings.js';
import type { NetworkPolicy } from './net/policy.js';

/** The lease settings (`LEASE_*`, `RUN_DEADLINE_SECONDS`) are lib/lease/settings.ts's. */
export interface Settings extends LeaseSettings {
  /** Per-request metric timeout (connect + headers + body). */
  readonly metricTimeoutMs: number;
  /** Cap on a metric response body, in bytes. */
  readonly metricMaxBytes: number;
  /** Metric fetches in flight at once, across the run. */
  readonly metricConcurrency: number;
  /**
   * `METRIC_CONCURRENCY_PER_HOST`: metric fetches in flight at once to one `host[:port]`. Keep it
   * below METRIC_CONCURRENCY so a slow host cannot occupy every slot of the run.
   */
  readonly metricConcurrencyPerHost: number;
  /**
   * `METRIC_HOST_FAILURE_LIMIT`: timeouts/network errors in a row after which a host's remaining
   * requests in the same run are skipped (a per-run circuit breaker).
   */
  readonly metricHostFailureLimit: number;
  /** Kubernetes API calls in flight at once, across the run. */
  readonly kubeConcurrency: number;
  /** `KUBE_TIMEOUT_MS`: per Kubernetes API request; an unreachable or hanging server fails in this. */
  readonly kubeTimeoutMs: number;
  /** `DECISION_HISTORY`: decisions kept in `status.decisions` (0 = none, at most 50). */
  readonly decisionHistory: number;
  /** Namespace for Events about (cluster-scoped) BusinessScalings. */
  readonly eventsNamespace: string;
  /** kubeconfig context to use (the file comes from KUBECONFIG, ~/.kube/config or in-cluster). */
  readonly kubeContext?: string;
  /** `AKS_CLUSTERS`: AKS resource IDs, comma-separated; non-empty → a fleet run over all of them. */
  readonly aksClusters: readonly ClusterId[];
  /** `AKS_SERVER` + `AKS_CA_DATA` (base64 PEM): one cluster's endpoint, skipping ARM. */
  readonly aksEndpoint?: { readonly server: string; readonly caData: string };
  /** `AZURE_CLIENT_ID`: the user-assigned managed identity (else DefaultAzureCredential). */
  readonly azureClientId?: string;
  /** `ARM_ENDPOINT`: Azure Resource Manager base URL. */
  readonly armEndpoint: string;
  /**
   * Where metric requests may go: `METRIC_ALLOWED_NETWORKS` (comma-separated CIDRs) opens
   * special-purpose ranges (loopback, private, …) that are refused by default; the managed-identity
   * endpoint (`IDENTITY_ENDPOINT`), IMDS and WireServer stay refused.
   */
  readonly metricNetwork: NetworkPolicy;
  /** `SECRETS_NAMESPACES`: the only namespaces Secrets for metric auth are read from. */
  readonly secretsNamespaces: readonly string[];
  /** `METRIC_AZURE_SCOPES`: Entra ID scopes a metric source may ask a token for (`auth.azure`). */
  readonly metricAzureScopes: readonly string[];
  /** `SHARDS`: a BusinessScaling belongs to shard fnv1a32(name) mod SHARDS (lib/shard); each
   * (cluster, shard) run holds its own lease. */
  readonly shards: number;
  /** `FANOUT`, `WORK_QUEUE`, `WORK_MESSAGE_TTL_SECONDS`, `WorkQueue__*` (lib/fanout). */
  readonly fanout: FanoutSettings;
  /** `HistoryStore__*`, `HISTORY_CONTAINER`: the Azure history store (lib/history/blobSettings). */
  readonly historyStore: HistoryStoreSettings;
  /**
   * `ENDPOINTS_NAMESPACES`: the only namespaces whose EndpointSlices `http.fromServiceEndpoints`
   * may list (comma-separated; default none, which turns the feature off).
   */
  readonly endpointsNamespaces: readonly string[];
  /** `HISTORY_DIR`: the file history store of `spec.forecast` (lib/history); absent: none. */
  readonly historyDir?: string;
  /** `HISTORY_STEP_SECONDS`: one reading kept per bucket of this length; the forecast's period. */
  readonly historyStepSeconds: number;
}
