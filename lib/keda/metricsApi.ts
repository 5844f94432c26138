/**
 * A `metrics-api` trigger's metadata → our `http` source: url, format, valueLocation (GJSON for
 * json: the plain dot-path subset maps, the rest is reported), aggregateFromKubeServiceEndpoints
 * → fromServiceEndpoints. Keys handled elsewhere: targetValue and activationTargetValue
 * (triggers.ts) and the auth parameters (authMap.ts).
 */
import type { Scope } from './notes.js';
import type { Path } from './types.js';
import { asString, noteTriggerKeys, readBool } from './values.js';

export const AUTH_KEYS = ['authMode', 'authModes', 'method', 'keyParamName', 'apiKey'];
const KNOWN = new Set([
  'url',
  'format',
  'valueLocation',
  'targetValue',
  'activationTargetValue',
  'unsafeSsl',
  'aggregateFromKubeServiceEndpoints',
  'aggregationType',
  'timeout',
  ...AUTH_KEYS,
]);
const FORMATS = ['json', 'xml', 'yaml', 'prometheus'];
const AGGREGATES: Readonly<Record<string, string>> = {
  average: 'avg',
  sum: 'sum',
  max: 'max',
  min: 'min',
};
/** GJSON's path syntax beyond plain keys and indexes: wildcards, queries, modifiers, escapes. */
const GJSON_SYNTAX = /[#*?|@\\!]|\.\.|^\.|\.$|^\$/;

type Meta = Readonly<Record<string, unknown>>;

/** `http://svc.ns.svc.cluster.local:8080/path` → the Service, its namespace, the pod port. */
function toEndpoints(scope: Scope, path: Path, url: URL, aggregate: string) {
  const [service, namespace, ...rest] = url.hostname.split('.');
  const suffix = rest.join('.');
  if (!service || !namespace || !['', 'svc', 'svc.cluster.local'].includes(suffix)) {
    scope.drop(
      path,
      'aggregateFromKubeServiceEndpoints needs url http(s)://<service>.<namespace>[.svc.cluster.local]:<port>/…: not carried over',
    );
    return undefined;
  }
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  scope.info(
    path,
    `reads every ready endpoint of Service ${namespace}/${service}: list ${namespace} in ENDPOINTS_NAMESPACES and the pod network in METRIC_ALLOWED_NETWORKS`,
  );
  return {
    url: `${url.protocol}//${service}${url.pathname}${url.search}`,
    fromServiceEndpoints: { service, namespace, port, aggregate },
  };
}

/** The `http` source, or undefined (noted) when the trigger cannot be read at all. */
export function mapMetricsApi(
  scope: Scope,
  base: Path,
  meta: Meta,
): Record<string, unknown> | undefined {
  const at = (key: string): Path => [...base, 'metadata', key];
  noteTriggerKeys(scope, base, meta, { type: 'metrics-api', known: KNOWN });
  const raw = asString(meta.url);
  let url: URL | undefined;
  try {
    url = raw === undefined ? undefined : new URL(raw);
  } catch {
    url = undefined;
  }
  if (raw === undefined || url === undefined || !/^https?:$/.test(url.protocol)) {
    scope.drop(at('url'), 'needs an http(s) URL: trigger not carried over');
    return undefined;
  }
  const format = asString(meta.format) ?? 'json';
  if (!FORMATS.includes(format)) {
    scope.drop(at('format'), 'is not json, xml, yaml or prometheus: trigger not carried over');
    return undefined;
  }
  const location = asString(meta.valueLocation);
  if (location === undefined || location.trim() === '') {
    scope.drop(at('valueLocation'), 'is required: trigger not carried over');
    return undefined;
  }
  if (format === 'json' && GJSON_SYNTAX.test(location)) {
    scope.drop(
      at('valueLocation'),
      'uses GJSON syntax beyond a dot path; write valuePath as a dot path or JSONPath ($.items[*].n with aggregate)',
    );
  }
  if (readBool(meta.unsafeSsl) === true)
    scope.drop(
      at('unsafeSsl'),
      'certificates are always verified here (give the CA with auth.tls)',
    );
  if (meta.timeout !== undefined)
    scope.drop(
      at('timeout'),
      'per-trigger timeouts are not supported: the setting METRIC_TIMEOUT_MS applies to every request',
    );
  const source: Record<string, unknown> = {
    url: raw,
    ...(format !== 'json' && { format }),
    valuePath: location,
  };
  if (readBool(meta.aggregateFromKubeServiceEndpoints) === true) {
    const aggregate = AGGREGATES[asString(meta.aggregationType) ?? 'average'];
    if (aggregate === undefined) {
      scope.drop(
        at('aggregationType'),
        'is not average, sum, max or min: trigger not carried over',
      );
      return undefined;
    }
    const endpoints = toEndpoints(scope, at('aggregateFromKubeServiceEndpoints'), url, aggregate);
    if (endpoints === undefined) return undefined;
    Object.assign(source, endpoints);
  } else if (meta.aggregationType !== undefined) {
    scope.info(
      at('aggregationType'),
      'used only with aggregateFromKubeServiceEndpoints (KEDA ignores it too)',
    );
  }
  return source;
}
