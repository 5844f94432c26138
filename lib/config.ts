/** Settings, parsed once from the environment into a frozen object. Bad values fail loudly. */

export interface Settings {
  /** Per-request metric timeout (connect + headers + body). */
  readonly metricTimeoutMs: number;
  /** Cap on a metric response body, in bytes. */
  readonly metricMaxBytes: number;
  /** Metric fetches in flight at once, across the run. */
  readonly metricConcurrency: number;
  /** Kubernetes API calls in flight at once, across the run. */
  readonly kubeConcurrency: number;
  /** Namespace for Events about (cluster-scoped) BusinessScalings. */
  readonly eventsNamespace: string;
  /** kubeconfig context to use (the file comes from KUBECONFIG, ~/.kube/config or in-cluster). */
  readonly kubeContext?: string;
}

export const DEFAULTS = {
  metricTimeoutMs: 5000,
  metricMaxBytes: 1024 * 1024,
  metricConcurrency: 64,
  kubeConcurrency: 32,
  eventsNamespace: 'default',
} as const;

type Env = Readonly<Record<string, string | undefined>>;

function readInt(env: Env, name: string, fallback: number, min: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) {
    throw new Error(`setting ${name} must be an integer >= ${min}, got "${raw}"`);
  }
  return Number(raw);
}

function readString(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

export function parseSettings(env: Env = process.env): Settings {
  return Object.freeze({
    metricTimeoutMs: readInt(env, 'METRIC_TIMEOUT_MS', DEFAULTS.metricTimeoutMs, 1),
    metricMaxBytes: readInt(env, 'METRIC_MAX_BYTES', DEFAULTS.metricMaxBytes, 1),
    metricConcurrency: readInt(env, 'METRIC_CONCURRENCY', DEFAULTS.metricConcurrency, 1),
    kubeConcurrency: readInt(env, 'KUBE_CONCURRENCY', DEFAULTS.kubeConcurrency, 1),
    eventsNamespace: readString(env, 'EVENTS_NAMESPACE') ?? DEFAULTS.eventsNamespace,
    kubeContext: readString(env, 'KUBE_CONTEXT'),
  });
}
