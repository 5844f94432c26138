/**
 * KEDA's auth modes of a `metrics-api` or `prometheus` trigger → our `auth`. What maps: an API key
 * in a header and a custom header (auth.headers from the Secret), client TLS (auth.tls), OAuth2
 * client credentials (auth.oauth2), and Azure Workload Identity on Azure Monitor's managed
 * Prometheus (auth.azure). What cannot: basic and bearer (Authorization is set only by azure or
 * oauth2 here), an API key in the query string (no credential goes in a URL here), AWS and GCP
 * identities.
 */
import { checkHeaderName } from '../auth/headers.js';
import type { AuthParams, Param } from './authParams.js';
import { mapIdentity, mapOAuth2 } from './authIdentity.js';
import type { Scope } from './notes.js';
import { readPlainParam } from './secretText.js';
import type { Path } from './types.js';
import { splitList } from './values.js';

export type TriggerType = 'metrics-api' | 'prometheus';
type Auth = Record<string, unknown>;

interface Ctx {
  readonly so: Scope;
  readonly base: Path;
  readonly a: AuthParams;
  readonly type: TriggerType;
}

/** Where a note about parameter `name` goes: where it is written. */
function noteAt(c: Ctx, p: Param | undefined): [Scope, Path] {
  if (p === undefined) return [c.so, [...c.base, 'metadata']];
  return p.kind === 'secret' ? [p.scope, p.path] : [c.so, p.path];
}

const secretRef = (p: Extract<Param, { kind: 'secret' }>) => ({
  name: p.name,
  key: p.key,
  ...(p.namespace !== undefined && { namespace: p.namespace }),
});

function mapHeader(
  c: Ctx,
  header: string | undefined,
  value: Param | undefined,
  what: string,
  modes: Param | undefined,
) {
  const [scope, path] = noteAt(c, value ?? modes);
  if (value?.kind !== 'secret') {
    scope.drop(path, `${what} must come from a Secret (secretTargetRef) to be carried over`);
    return undefined;
  }
  const refused = header === undefined ? 'is unknown' : checkHeaderName(header);
  if (refused !== null) {
    scope.drop(path, `the header name ${refused}: not carried over`);
    return undefined;
  }
  return { name: header, secretKeyRef: secretRef(value) };
}

function mapTls(c: Ctx, names: readonly string[]): Auth | undefined {
  const given = names.map((n) => c.a.params.get(n)).filter((p) => p !== undefined);
  const secrets = given.filter((p) => p.kind === 'secret');
  const first = secrets[0];
  if (first === undefined || secrets.length !== given.length) {
    const [scope, path] = noteAt(c, given[0]);
    scope.drop(path, 'TLS material must come from one Secret (secretTargetRef): not carried over');
    return undefined;
  }
  if (secrets.some((s) => s.name !== first.name)) {
    first.scope.drop(first.path, 'TLS material from several Secrets: here it is one Secret');
    return undefined;
  }
  const want: Readonly<Record<string, string>> = { cert: 'tls.crt', key: 'tls.key', ca: 'ca.crt' };
  const renamed = names.filter((n) => {
    const p = c.a.params.get(n);
    return p?.kind === 'secret' && p.key !== want[n];
  });
  if (renamed.length > 0) {
    first.scope.drop(
      first.path,
      `the Secret's keys must be ${names.map((n) => want[n]).join(', ')} here (${renamed.join(', ')} differ): rename them`,
    );
  }
  return {
    secretName: first.name,
    ...(first.namespace !== undefined && { namespace: first.namespace }),
  };
}

function mapMode(c: Ctx, mode: string, auth: Auth): void {
  const p = (n: string) => c.a.params.get(n);
  const modes = p('authModes') ?? p('authMode');
  const [scope, path] = noteAt(c, modes);
  if (mode === 'basic' || mode === 'bearer') {
    scope.drop(
      path,
      `${mode} auth is not supported here: Authorization is set only by auth.azure or auth.oauth2`,
    );
  } else if (mode === 'apiKey' && c.type === 'metrics-api') {
    if ((readPlainParam(c.a.docs, p('method')) ?? 'header') === 'query') {
      scope.drop(
        path,
        'an API key in the query string is not supported: no credential goes in a URL here',
      );
      return;
    }
    const name = readPlainParam(c.a.docs, p('keyParamName')) ?? 'X-API-KEY';
    const header = mapHeader(c, name, p('apiKey'), 'apiKey', modes);
    if (header) auth.headers = [...((auth.headers as unknown[]) ?? []), header];
  } else if (mode === 'custom' && c.type === 'prometheus') {
    const name = readPlainParam(c.a.docs, p('customAuthHeader'));
    const header = mapHeader(c, name, p('customAuthValue'), 'customAuthValue', modes);
    if (header) auth.headers = [...((auth.headers as unknown[]) ?? []), header];
  } else if (mode === 'tls') {
    const tls = mapTls(c, ['cert', 'key', 'ca']);
    if (tls) auth.tls = tls;
  } else if (mode === 'oauth' && c.type === 'metrics-api') {
    const oauth2 = mapOAuth2(c.a, c.so, path);
    if (oauth2) auth.oauth2 = oauth2;
  } else {
    scope.drop(
      path,
      `auth mode "${mode}" is not used by KEDA's ${c.type} scaler either, or cannot be carried over`,
    );
  }
}

/** Our `auth` for one trigger, or undefined; every part that cannot map is noted. */
export function mapAuth(
  so: Scope,
  base: Path,
  a: AuthParams,
  type: TriggerType,
  serverUrl: string | undefined,
): Auth | undefined {
  const c: Ctx = { so, base, a, type };
  const modesParam = a.params.get('authModes') ?? a.params.get('authMode');
  const modes = readPlainParam(a.docs, modesParam);
  const auth: Auth = {};
  if (modesParam !== undefined && modes === undefined) {
    const [scope, path] = noteAt(c, modesParam);
    scope.drop(
      path,
      'authMode is read from a Secret that is not in the input: credentials not carried over',
    );
  }
  for (const mode of splitList(modes ?? '')) mapMode(c, mode, auth);
  if (modes === undefined && type === 'prometheus' && a.params.get('ca') !== undefined) {
    const tls = mapTls(c, ['ca']);
    if (tls) auth.tls = tls;
  }
  if (modes === undefined) mapIdentity(c.so, base, a, type, serverUrl, auth);
  return Object.keys(auth).length > 0 ? auth : undefined;
}
