/**
 * KEDA's authentication parameters of one trigger: its `metadata` first, then the
 * TriggerAuthentication (or ClusterTriggerAuthentication) it references, as KEDA's typed config
 * reads them. Only `secretTargetRef`, `podIdentity` and `oauth2` can be carried over; every other
 * source of parameters is reported where it is written.
 */
import type { Scope } from './notes.js';
import { isRecord } from './source.js';
import type { Path, SourceDoc } from './types.js';
import { asString } from './values.js';

export type Param =
  | { readonly kind: 'value'; readonly value: string; readonly path: Path }
  | {
      readonly kind: 'secret';
      readonly name: string;
      readonly key: string;
      readonly namespace?: string;
      readonly scope: Scope;
      readonly path: Path;
    };

export interface AuthParams {
  readonly params: ReadonlyMap<string, Param>;
  /** The TriggerAuthentication, when there is one. */
  readonly ta?: { readonly scope: Scope; readonly spec: Readonly<Record<string, unknown>> };
  readonly docs: readonly SourceDoc[];
}

/** Where KEDA keeps the Secrets of a ClusterTriggerAuthentication (its own namespace). */
export const CLUSTER_AUTH_NAMESPACE = 'keda';

const UNSUPPORTED_SOURCES: Readonly<Record<string, string>> = {
  configMapTargetRef: 'ConfigMaps',
  env: "the workload's environment",
  filePath: 'files of the KEDA pod',
  hashiCorpVault: 'HashiCorp Vault',
  azureKeyVault: 'Azure Key Vault',
  gcpSecretManager: 'GCP Secret Manager',
  awsSecretManager: 'AWS Secrets Manager',
  boundServiceAccountToken: 'service account tokens',
};

function findAuth(
  docs: readonly SourceDoc[],
  kind: string,
  name: string,
  namespace: string,
): SourceDoc | undefined {
  const named = docs.filter((d) => d.kind === kind && d.name === name);
  if (kind === 'ClusterTriggerAuthentication') return named[0];
  return named.find((d) => (d.namespace ?? namespace) === namespace) ?? named[0];
}

function readSecretRefs(scope: Scope, spec: Readonly<Record<string, unknown>>, ns: string) {
  const params = new Map<string, Param>();
  const refs = Array.isArray(spec.secretTargetRef) ? spec.secretTargetRef : [];
  refs.forEach((ref: unknown, i) => {
    const path = ['spec', 'secretTargetRef', i];
    const r = isRecord(ref) ? ref : {};
    const [parameter, name, key] = [asString(r.parameter), asString(r.name), asString(r.key)];
    if (!parameter || !name || !key) return scope.drop(path, 'needs parameter, name and key');
    params.set(parameter, { kind: 'secret', name, key, namespace: ns, scope, path });
  });
  return params;
}

/** The parameters of trigger `i`; notes for a missing or partly unreadable authentication. */
export function readAuthParams(
  so: Scope,
  docs: readonly SourceDoc[],
  trigger: Readonly<Record<string, unknown>>,
  base: Path,
  namespace: string,
): AuthParams {
  const params = new Map<string, Param>();
  const ref = isRecord(trigger.authenticationRef) ? trigger.authenticationRef : undefined;
  let ta: AuthParams['ta'];
  if (ref !== undefined) {
    const kind = asString(ref.kind) ?? 'TriggerAuthentication';
    const name = asString(ref.name) ?? '';
    const doc = findAuth(docs, kind, name, namespace);
    if (doc === undefined) {
      so.drop(
        [...base, 'authenticationRef'],
        `${kind} "${name}" is not in the input: its credentials are not carried over (give it in the same file)`,
      );
    } else {
      const scope = so.doc === doc ? so : so.other(doc);
      const spec = isRecord(doc.value.spec) ? doc.value.spec : {};
      const cluster = kind === 'ClusterTriggerAuthentication';
      const ns = cluster ? CLUSTER_AUTH_NAMESPACE : (doc.namespace ?? namespace);
      if (cluster && Array.isArray(spec.secretTargetRef)) {
        scope.info(
          ['spec', 'secretTargetRef'],
          `a ClusterTriggerAuthentication reads Secrets in KEDA's namespace: written as namespace "${ns}"`,
        );
      }
      for (const [key, what] of Object.entries(UNSUPPORTED_SOURCES)) {
        if (spec[key] !== undefined)
          scope.drop(['spec', key], `parameters from ${what} cannot be read here (only Secrets)`);
      }
      for (const [k, v] of readSecretRefs(scope, spec, ns)) params.set(k, v);
      ta = { scope, spec };
    }
  }
  const metadata = isRecord(trigger.metadata) ? trigger.metadata : {};
  for (const [key, raw] of Object.entries(metadata)) {
    const value = asString(raw);
    if (value !== undefined)
      params.set(key, { kind: 'value', value, path: [...base, 'metadata', key] });
  }
  return { params, ...(ta && { ta }), docs };
}
