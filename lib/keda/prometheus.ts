/**
 * A `prometheus` trigger's metadata → our `prometheus` source (serverAddress, query). Keys
 * handled elsewhere: threshold and activationThreshold (triggers.ts), auth (authMap.ts).
 */
import type { Scope } from './notes.js';
import type { Path } from './types.js';
import { asString, noteTriggerKeys, readBool } from './values.js';

const AUTH_KEYS = ['authModes', 'authMode'];
const KNOWN = new Set([
  'serverAddress',
  'query',
  'threshold',
  'activationThreshold',
  'namespace',
  'customHeaders',
  'ignoreNullValues',
  'queryParameters',
  'unsafeSsl',
  'timeout',
  'awsRegion',
  'identityOwner',
  ...AUTH_KEYS,
]);

const DROPPED: Readonly<Record<string, string>> = {
  namespace:
    'namespaced queries (Thanos) are not supported: the query goes to serverAddress as written',
  customHeaders:
    'plain headers are not supported on a prometheus source (use auth.headers from a Secret)',
  queryParameters: 'extra query parameters are not supported',
  timeout:
    'per-trigger timeouts are not supported: the setting METRIC_TIMEOUT_MS applies to every request',
  awsRegion: 'AWS SigV4 signing is not supported',
  identityOwner: 'AWS SigV4 signing is not supported',
};

type Meta = Readonly<Record<string, unknown>>;

export function mapPrometheus(
  scope: Scope,
  base: Path,
  meta: Meta,
): Record<string, unknown> | undefined {
  const at = (key: string): Path => [...base, 'metadata', key];
  noteTriggerKeys(scope, base, meta, { type: 'prometheus', known: KNOWN }, DROPPED);
  const serverAddress = asString(meta.serverAddress);
  const query = asString(meta.query);
  if (serverAddress === undefined || !/^https?:\/\//.test(serverAddress)) {
    scope.drop(at('serverAddress'), 'needs an http(s) URL: trigger not carried over');
    return undefined;
  }
  if (query === undefined || query.trim() === '') {
    scope.drop(at('query'), 'is required: trigger not carried over');
    return undefined;
  }
  if (readBool(meta.unsafeSsl) === true)
    scope.drop(
      at('unsafeSsl'),
      'certificates are always verified here (give the CA with auth.tls)',
    );
  if (readBool(meta.ignoreNullValues) !== false) {
    scope.info(
      meta.ignoreNullValues === undefined ? at('query') : at('ignoreNullValues'),
      'an empty result is a failed read here (KEDA reads it as 0 unless ignoreNullValues is "false")',
    );
  }
  return { serverAddress, query };
}
