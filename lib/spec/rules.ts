/**
 * Defaults, limits and patterns of a BusinessScaling spec, shared by the CRD schema
 * (`schema.ts`, enforced by the API server) and the parser (`parse.ts`, enforced in code), so the
 * two cannot drift. Patterns are RE2-compatible (the API server is Go) and JS-compatible.
 */

/**
 * Defaults the parser applies. Only `apiVersion` and `valuePath` are also server-side defaults:
 * `targetNamespace` and `minReplicas` sit directly under `spec`, where a server default would add
 * a field of one form to every object of the other form (see specSchema.ts).
 */
export const SPEC_DEFAULTS = {
  targetNamespace: 'default',
  apiVersion: 'apps/v1',
  minReplicas: 1,
  valuePath: 'value',
} as const;

/** The original form's single metric: `{"active_users": N}` read from `metricSource`. */
export const ORIGINAL_METRIC = { name: 'active_users', valuePath: 'active_users' } as const;

/** `spec.replicas` of the /scale subresource is an int32. */
export const MAX_REPLICAS = 2_147_483_647;

/** Metrics are fetched over HTTP on every run: a bound keeps one object from fanning out. */
export const MAX_METRICS = 16;

export interface StringRule {
  readonly maxLength: number;
  readonly pattern: string;
  /** Completes "must be …" in an error message; never includes the value. */
  readonly expected: string;
}

const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';

export const STRING_RULES = {
  /** Object names (Deployment, StatefulSet, …): RFC 1123 subdomain. */
  name: {
    maxLength: 253,
    pattern: `^${DNS_LABEL}(\\.${DNS_LABEL})*$`,
    expected: 'a lowercase RFC 1123 subdomain (e.g. my-app)',
  },
  namespace: {
    maxLength: 63,
    pattern: `^${DNS_LABEL}$`,
    expected: 'a lowercase RFC 1123 label (e.g. default)',
  },
  kind: {
    maxLength: 63,
    pattern: '^[A-Z][A-Za-z0-9]*$',
    expected: 'a CamelCase kind (e.g. Deployment)',
  },
  apiVersion: {
    maxLength: 253,
    pattern: `^(${DNS_LABEL}(\\.${DNS_LABEL})*/)?v[0-9]+((alpha|beta)[0-9]+)?$`,
    expected: 'group/version or version (e.g. apps/v1)',
  },
  metricName: {
    maxLength: 63,
    pattern: '^[a-z0-9]([-a-z0-9_]*[a-z0-9])?$',
    expected: 'lowercase letters, digits, - and _ (e.g. active_users)',
  },
  url: {
    maxLength: 2048,
    pattern: '^https?://',
    expected: 'an http(s) URL',
  },
  valuePath: {
    maxLength: 256,
    pattern: '^[^.]+(\\.[^.]+)*$',
    expected: 'a dot path without empty segments (e.g. data.active_users)',
  },
} as const satisfies Record<string, StringRule>;

/** Limits of `metrics[].http` / `metrics[].prometheus` beyond the shared string rules. */
export const SOURCE_RULES = {
  formats: ['json', 'text', 'prometheus', 'yaml', 'xml'],
  aggregates: ['sum', 'avg', 'max', 'min'],
  maxHeaders: 8,
  maxBodyBytes: 8192,
  /** Any of: dot path, JSONPath (`$…`), series selector; the parser checks which by format. */
  valuePath: { maxLength: 256, pattern: '^\\S(.*\\S)?$', expected: 'a value path' },
  query: { maxLength: 4096, pattern: '^\\S', expected: 'a PromQL expression' },
  secretKey: {
    maxLength: 253,
    pattern: '^[-._a-zA-Z0-9]+$',
    expected: 'a Secret key (letters, digits, -, _ and .)',
  },
  /** OAuth2 client id and scope tokens (RFC 6749 §3.3: no spaces, quotes or backslashes). */
  clientId: {
    maxLength: 256,
    pattern: '^[!#-\\[\\]-~]+$',
    expected: 'a client id (visible ASCII)',
  },
  oauth2Scope: { maxLength: 256, pattern: '^[!#-\\[\\]-~]+$', expected: 'a scope without spaces' },
  maxScopes: 16,
  /** A Service name: an RFC 1035 label. */
  serviceName: {
    maxLength: 63,
    pattern: '^[a-z]([-a-z0-9]*[a-z0-9])?$',
    expected: 'a Service name (RFC 1035 label)',
  },
  azureScope: {
    maxLength: 512,
    pattern: '^https://[a-z0-9.-]+/\\.default$',
    expected: 'an Entra ID scope https://<host>/.default',
  },
} as const satisfies Record<string, unknown>;

/** Keys that select a form; `behavior`, `fallback`, `schedules` (later) belong to neither. */
export const ORIGINAL_KEYS = [
  'targetDeployment',
  'targetNamespace',
  'metricSource',
  'scaleThresholds',
] as const;
export const FULL_KEYS = ['scaleTargetRef', 'minReplicas', 'maxReplicas', 'metrics'] as const;
