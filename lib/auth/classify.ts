/**
 * Which `auth` metric failures are the resource's own fault (Ready=False `InvalidSpec`: a Secret
 * outside SECRETS_NAMESPACES or not bound to the host, a missing Secret or key, a scope not
 * allowed, a token for the wrong host) and which a later run may fix without touching the spec
 * (`FailedGetMetric`: a Secret read refused or failing, RBAC, a token outage). The messages come
 * from lib/auth/resolve.ts; test/unit/auth-classify.test.ts pins every one of them.
 */
import type { MetricResult } from '../metrics/types.js';
import { Reason } from '../reasons.js';

const NOT_THE_SPEC = [
  /: read (HTTP (?!404$)\d+|failed)$/, // the Secret exists or may exist: RBAC, API server trouble
  /: Secrets cannot be read here$/,
  /^no Azure credential$/,
  /: not available$/, // token endpoint outage
  /^credentials unavailable$/,
  // OAuth2: the token endpoint down or answering oddly; a refused client (400/401/403) or a
  // token URL the guard blocks is the spec's (or its Secret's) fault.
  /^oauth2 token from \S+: (?!HTTP 40[013]$|blocked: )/,
  /^oauth2 tokens cannot be requested here$/,
];

type Failure = Extract<MetricResult, { ok: false }>;

/** `message` as the reader reports it: `host/path: <resolver message>`. */
export function isSpecBindingFailure(failure: Failure): boolean {
  if (failure.kind !== 'auth') return false;
  const reason = failure.message.replace(/^[^ ]*: /, '');
  return !NOT_THE_SPEC.some((re) => re.test(reason));
}

/** The reason a failed metric gives a held decision, Ready and the event: one classification. */
export const metricFailureReason = (failure: Failure): string =>
  isSpecBindingFailure(failure) ? Reason.InvalidSpec : Reason.FailedGetMetric;
