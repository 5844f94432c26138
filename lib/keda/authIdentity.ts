/** The identity parts of a TriggerAuthentication: `oauth2` and `podIdentity`. */
import type { AuthParams } from './authParams.js';
import type { Scope } from './notes.js';
import { isRecord } from './source.js';
import type { Path } from './types.js';
import { asString, splitList } from './values.js';

/** KEDA's Azure Monitor managed Prometheus round tripper asks for this scope. */
export const AZURE_PROMETHEUS_SCOPE = 'https://prometheus.monitor.azure.com/.default';

/** From `spec.oauth2` of the TriggerAuthentication, or from oauthTokenURI/clientID/… params. */
export function mapOAuth2(a: AuthParams, so: Scope, at: Path): Record<string, unknown> | undefined {
  const o = a.ta && isRecord(a.ta.spec.oauth2) ? a.ta.spec.oauth2 : undefined;
  if (o !== undefined && a.ta) {
    const from =
      isRecord(o.clientSecret) && isRecord(o.clientSecret.valueFrom)
        ? o.clientSecret.valueFrom
        : {};
    const ref = isRecord(from.secretKeyRef) ? from.secretKeyRef : {};
    const [tokenUrl, clientId, name, key] = [o.tokenUrl, o.clientId, ref.name, ref.key].map(
      asString,
    );
    if (o.tokenUrlParams !== undefined)
      a.ta.scope.drop(
        ['spec', 'oauth2', 'tokenUrlParams'],
        'extra token request parameters are not supported here',
      );
    if (!tokenUrl || !clientId || !name || !key) {
      a.ta.scope.drop(
        ['spec', 'oauth2'],
        'needs tokenUrl, clientId and clientSecret.valueFrom.secretKeyRef to be carried over',
      );
      return undefined;
    }
    const scopes = Array.isArray(o.scopes)
      ? o.scopes.map(asString).filter((s) => s !== undefined)
      : [];
    const ns = a.ta.scope.doc.namespace;
    return {
      tokenUrl,
      clientId,
      clientSecretRef: { name, key, ...(ns && { namespace: ns }) },
      ...(scopes.length > 0 && { scopes }),
    };
  }
  const p = (n: string) => a.params.get(n);
  const secret = p('clientSecret');
  const [tokenUrl, clientId] = [p('oauthTokenURI'), p('clientID')].map((x) =>
    x?.kind === 'value' ? x.value : undefined,
  );
  if (secret?.kind !== 'secret' || !tokenUrl || !clientId) {
    so.drop(
      at,
      'oauth needs oauthTokenURI, clientID and a clientSecret from a Secret to be carried over',
    );
    return undefined;
  }
  const scopes = p('scopes') ?? p('scope');
  return {
    tokenUrl,
    clientId,
    clientSecretRef: {
      name: secret.name,
      key: secret.key,
      ...(secret.namespace && { namespace: secret.namespace }),
    },
    ...(scopes?.kind === 'value' && { scopes: splitList(scopes.value) }),
  };
}

function isAzurePrometheus(url: string | undefined): boolean {
  try {
    return url !== undefined && new URL(url).hostname.endsWith('.prometheus.monitor.azure.com');
  } catch {
    return false;
  }
}

const CREDENTIAL_PARAMS = [
  'username',
  'password',
  'token',
  'bearerToken',
  'apiKey',
  'cert',
  'key',
  'ca',
];

/** Without authModes: pod identity (prometheus), `oauth2` (metrics-api), or nothing. */
export function mapIdentity(
  so: Scope,
  base: Path,
  a: AuthParams,
  type: 'metrics-api' | 'prometheus',
  serverUrl: string | undefined,
  auth: Record<string, unknown>,
): void {
  const ta = a.ta;
  const identity = ta && isRecord(ta.spec.podIdentity) ? ta.spec.podIdentity : undefined;
  const provider = asString(identity?.provider);
  if (ta && provider !== undefined && provider !== 'none') {
    const path = ['spec', 'podIdentity', 'provider'];
    if (provider.startsWith('azure') && type === 'prometheus' && isAzurePrometheus(serverUrl)) {
      auth.azure = { scope: AZURE_PROMETHEUS_SCOPE };
      ta.scope.info(
        path,
        `the token is the function's managed identity (not KEDA's); list ${AZURE_PROMETHEUS_SCOPE} in METRIC_AZURE_SCOPES`,
      );
      if (identity?.identityId !== undefined)
        ta.scope.drop(
          ['spec', 'podIdentity', 'identityId'],
          "a chosen identity is not supported: the function's own identity is used",
        );
    } else {
      ta.scope.drop(
        path,
        `pod identity "${provider}" cannot be carried over for a ${type} trigger`,
      );
    }
  }
  if (type === 'metrics-api' && ta && isRecord(ta.spec.oauth2)) {
    const oauth2 = mapOAuth2(a, so, [...base, 'authenticationRef']);
    if (oauth2) {
      auth.oauth2 = oauth2;
      ta.scope.info(
        ['spec', 'oauth2'],
        "the token is sent with each request here (KEDA's metrics-api scaler reads oauth2 but sends no token)",
      );
    }
  }
  const unused = CREDENTIAL_PARAMS.filter((n) => a.params.get(n)?.kind === 'secret');
  if (unused.length > 0 && Object.keys(auth).length === 0) {
    so.info(
      [...base, 'authenticationRef'],
      `${unused.join(', ')} not used: no authMode is set (KEDA does not send them either)`,
    );
  }
}
