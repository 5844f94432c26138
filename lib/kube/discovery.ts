/**
 * Which resource serves a scale target's `/scale`: `apps/v1` + `Deployment` → `deployments`,
 * by API discovery (checking that `<plural>/scale` is served), cached per port.
 */
import type { ScaleTargetRef } from '../spec/types.js';
import type { Call } from './call.js';
import type { Transport } from './http.js';
import { KubeApiError } from './port.js';

export interface APIResourceList {
  readonly resources: readonly { name: string; kind: string; namespaced: boolean }[];
}

export interface ScaleResource {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
}

const BUILTIN_PLURALS: Readonly<Record<string, string>> = {
  'apps/v1/Deployment': 'deployments',
  'apps/v1/StatefulSet': 'statefulsets',
  'apps/v1/ReplicaSet': 'replicasets',
};

export const discoverWith = (send: Transport) => (group: string, version: string) =>
  send('GET', `/apis/${group}/${version}`) as Promise<APIResourceList>;

export function createPluralOf(
  call: Call,
  discover: (group: string, version: string) => Promise<APIResourceList>,
): (ref: ScaleTargetRef) => Promise<ScaleResource> {
  const plurals = new Map(Object.entries(BUILTIN_PLURALS));
  return async (ref) => {
    const [group, version, extra] = ref.apiVersion.split('/');
    const id = `${ref.kind}.${ref.apiVersion}`;
    if (!group || !version || extra !== undefined) {
      throw new KubeApiError(404, `${id}: only named API groups (group/version) can be scaled`);
    }
    const key = `${ref.apiVersion}/${ref.kind}`;
    const known = plurals.get(key);
    if (known) return { group, version, plural: known };
    const list = await call('GET', `${ref.apiVersion} (discovery)`, () =>
      discover(group, version),
    ).catch((e: unknown) => {
      if (e instanceof KubeApiError && e.status === 404) {
        throw new KubeApiError(
          404,
          `${id} has no /scale subresource (${ref.apiVersion} is not served)`,
        );
      }
      throw e;
    });
    const resource = list.resources.find((r) => r.kind === ref.kind && !r.name.includes('/'));
    if (!resource) throw new KubeApiError(404, `${id} has no /scale subresource (unknown kind)`);
    if (!list.resources.some((r) => r.name === `${resource.name}/scale`)) {
      throw new KubeApiError(404, `${id} has no /scale subresource`);
    }
    if (!resource.namespaced) throw new KubeApiError(404, `${id} is not namespaced`);
    plurals.set(key, resource.name);
    return { group, version, plural: resource.name };
  };
}
