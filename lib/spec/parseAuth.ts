/** `auth` of a metric source: Secret-backed headers, Entra ID, OAuth2, client TLS. */
import { checkHeaderName } from '../auth/headers.js';
import {
  checkString,
  isObject,
  isSet,
  readList,
  readObject,
  readString,
  report,
  type Reader,
} from './fields.js';
import { SOURCE_RULES, STRING_RULES } from './rules.js';
import type { MetricAuth, OAuth2Auth, SecretKeyRef } from './types.js';
import { checkHttpUrl } from './url.js';

const checkName = checkString(STRING_RULES.name);
const checkNamespace = checkString(STRING_RULES.namespace);
const checkSecretKey = checkString(SOURCE_RULES.secretKey);
const checkScope = checkString(SOURCE_RULES.azureScope);

/** Reads a list of objects; `readItem` gets a Reader per item. Undefined when absent or wrong. */
export function readItems<T>(
  reader: Reader,
  key: string,
  max: number,
  readItem: (r: Reader) => T | undefined,
) {
  if (!isSet(reader.obj[key])) return { ok: true, items: undefined };
  const list = readList(reader, key, 1, max);
  if (list === undefined) return { ok: false, items: undefined };
  const items = list.map((item, i) => {
    const path = `${reader.path}.${key}[${i}]`;
    if (isObject(item)) return readItem({ obj: item, path, errors: reader.errors });
    reader.errors.push({ field: path, message: 'must be an object' });
    return undefined;
  });
  return items.every((x) => x !== undefined)
    ? { ok: true, items: items as T[] }
    : { ok: false, items: undefined };
}

function readSecretKeyRef(reader: Reader, field = 'secretKeyRef'): SecretKeyRef | undefined {
  const ref = readObject(reader, field);
  if (!ref) return undefined;
  const name = readString(ref, 'name', checkName);
  const key = readString(ref, 'key', checkSecretKey);
  const namespace = readString(ref, 'namespace', checkNamespace, { optional: true });
  if (name === undefined || key === undefined) return undefined;
  return { name, key, ...(namespace === undefined ? {} : { namespace }) };
}

const checkClientId = checkString(SOURCE_RULES.clientId);
const checkScopeName = checkString(SOURCE_RULES.oauth2Scope);

/** `auth.oauth2`; `false` when set but wrong (errors recorded). */
function readOAuth2(auth: Reader): OAuth2Auth | undefined | false {
  const reader = readObject(auth, 'oauth2', { optional: true });
  if (!reader) return isSet(auth.obj.oauth2) ? false : undefined;
  const before = reader.errors.length;
  if (isSet(auth.obj.azure)) report(auth, 'oauth2', 'must not be set together with azure');
  const tokenUrl = readString(reader, 'tokenUrl', checkHttpUrl);
  const clientId = readString(reader, 'clientId', checkClientId);
  const clientSecretRef = readSecretKeyRef(reader, 'clientSecretRef');
  let scopes: string[] = [];
  if (isSet(reader.obj.scopes)) {
    const list = readList(reader, 'scopes', 0, SOURCE_RULES.maxScopes) ?? [];
    list.forEach((scope, i) => {
      const reason = checkScopeName(scope);
      if (reason !== null) report(reader, `scopes[${i}]`, reason);
    });
    scopes = list.filter((x): x is string => typeof x === 'string');
  }
  if (reader.errors.length > before || !tokenUrl || !clientId || !clientSecretRef) return false;
  return { tokenUrl, clientId, clientSecretRef, scopes };
}

export function readAuth(source: Reader): MetricAuth | undefined | false {
  if (!isSet(source.obj.auth)) return undefined;
  const auth = readObject(source, 'auth');
  if (!auth) return false;
  const before = auth.errors.length;
  const headers = readItems(auth, 'headers', SOURCE_RULES.maxHeaders, (h) => {
    const name = readString(h, 'name', checkHeaderName);
    const secretKeyRef = readSecretKeyRef(h);
    return name === undefined || !secretKeyRef ? undefined : { name, secretKeyRef };
  });
  const azureReader = readObject(auth, 'azure', { optional: true });
  const scope = azureReader && readString(azureReader, 'scope', checkScope);
  const tlsReader = readObject(auth, 'tls', { optional: true });
  const secretName = tlsReader && readString(tlsReader, 'secretName', checkName);
  const tlsNamespace =
    tlsReader && readString(tlsReader, 'namespace', checkNamespace, { optional: true });
  const oauth2 = readOAuth2(auth);
  if (auth.errors.length > before || !headers.ok || oauth2 === false) return false;
  return {
    ...(oauth2 ? { oauth2 } : {}),
    ...(headers.items ? { headers: headers.items } : {}),
    ...(scope !== undefined ? { azure: { scope } } : {}),
    ...(secretName !== undefined
      ? { tls: { secretName, ...(tlsNamespace ? { namespace: tlsNamespace } : {}) } }
      : {}),
  };
}
