/**
 * Wraps a KubePort (our port, not the Kubernetes client) so that every call answered 403 is
 * recorded before the caller sees it: a run turns some 403s into a warning only (listing HPAs or
 * ScaledObjects, creating an event), so a test that checks the report alone would miss them.
 * Tests that run as the identity bound by crds/rbac.yaml assert that nothing was recorded: a
 * Kubernetes call the permission table does not grant fails them.
 */
import { KubeApiError, type KubePort } from '../../lib/kube/port.js';

export interface ForbiddenRecorder {
  readonly kube: KubePort;
  /** `<port method>: <error message>` for each 403, in order. */
  readonly forbidden: string[];
}

export function recordForbidden(kube: KubePort): ForbiddenRecorder {
  const forbidden: string[] = [];
  const record = (key: PropertyKey, e: unknown) => {
    if (e instanceof KubeApiError && e.status === 403) {
      forbidden.push(`${String(key)}: ${e.message}`);
    }
  };
  /** A page iterator (listScalingPages, listScales) is wrapped as one: its 403s come while iterating. */
  async function* pages(key: PropertyKey, inner: AsyncIterable<unknown>) {
    try {
      yield* inner;
    } catch (e) {
      record(key, e);
      throw e;
    }
  }
  const wrapped = new Proxy(kube, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...a: unknown[]) => unknown;
      if (key === 'listScalingPages' || key === 'listScales') {
        return (...args: unknown[]) =>
          pages(key, method.apply(target, args) as AsyncIterable<unknown>);
      }
      return async (...args: unknown[]) => {
        try {
          return await (method.apply(target, args) as Promise<unknown>);
        } catch (e) {
          record(key, e);
          throw e;
        }
      };
    },
  });
  return { kube: wrapped, forbidden };
}
