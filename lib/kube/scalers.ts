/**
 * Other autoscalers on the cluster (HPAs, KEDA ScaledObjects) in the wire shape → the port's
 * `ExternalScaler`. No client: `client.ts` supplies the paginated LIST and the discovery call.
 */
import { KubeApiError, type ExternalScaler } from './port.js';

export const HPA_API = { group: 'autoscaling', version: 'v1', plural: 'horizontalpodautoscalers' };
export const KEDA_API = { group: 'keda.sh', version: 'v1alpha1', plural: 'scaledobjects' };
export type ListApi = typeof HPA_API;

/** How long "KEDA is not installed" is believed before discovery asks again. */
export const KEDA_ABSENT_TTL_MS = 10 * 60_000;

/** One page of a cluster-wide LIST, in the wire shape. */
export interface ListPage {
  readonly items?: unknown[];
  readonly metadata?: { readonly continue?: string; readonly _continue?: string };
}

export interface ScalerSources {
  /** One page of a LIST (`cont`: the previous page's continue token). Throws `KubeApiError`. */
  readonly listPage: (api: ListApi, cont: string | undefined) => Promise<unknown>;
  /** Discovery of a group/version (`GET /apis/<group>/<version>`). Throws `KubeApiError`. */
  readonly discover: (group: string, version: string) => Promise<DiscoveryList>;
}

export interface DiscoveryList {
  readonly resources: readonly { readonly name: string }[];
}

/**
 * The port's `listScalers`: every HPA (all pages) and, when discovery says ScaledObjects are
 * served, every ScaledObject. The discovery answer is cached (see `cacheServed`).
 */
export function createScalerLister(
  src: ScalerSources,
  now: () => number = Date.now,
): () => Promise<ExternalScaler[]> {
  const kedaServed = cacheServed(() => isServed(src, KEDA_API), KEDA_ABSENT_TTL_MS, now);
  const listAll = (api: ListApi) => listAllPages(src, api);
  return async () => {
    const [hpas, scaledObjects] = await Promise.all([
      listAll(HPA_API),
      kedaServed().then((served) => (served ? listAll(KEDA_API).catch(goneAsEmpty) : [])),
    ]);
    return [
      ...toExternalScalers('HorizontalPodAutoscaler', hpas),
      ...toExternalScalers('ScaledObject', scaledObjects),
    ];
  };
}

async function listAllPages(src: ScalerSources, api: ListApi): Promise<unknown[]> {
  const items: unknown[] = [];
  let cont: string | undefined;
  do {
    const page = (await src.listPage(api, cont)) as ListPage;
    items.push(...(page.items ?? []));
    cont = page.metadata?.continue || page.metadata?._continue || undefined;
  } while (cont);
  return items;
}

/** 404 on discovery → the group/version is not served. */
async function isServed(src: ScalerSources, api: ListApi): Promise<boolean> {
  const list = await src.discover(api.group, api.version).catch((e: unknown) => {
    if (e instanceof KubeApiError && e.status === 404) return undefined;
    throw e;
  });
  return list?.resources.some((r) => r.name === api.plural) ?? false;
}

/** A 404 on the LIST: the CRD was removed since discovery said it was served. */
function goneAsEmpty(e: unknown): unknown[] {
  if (e instanceof KubeApiError && e.status === 404) return [];
  throw e;
}

interface WireScaler {
  metadata?: { name?: unknown; namespace?: unknown };
  spec?: { scaleTargetRef?: { apiVersion?: unknown; kind?: unknown; name?: unknown } };
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : undefined;

/**
 * Items without a name, namespace or target name are skipped. A ScaledObject's `kind`
 * defaults to `Deployment` (as in KEDA); an HPA's is required by the API server.
 */
export function toExternalScalers(
  kind: ExternalScaler['kind'],
  items: readonly unknown[],
): ExternalScaler[] {
  const out: ExternalScaler[] = [];
  for (const item of items) {
    const o = (item ?? {}) as WireScaler;
    const ref = o.spec?.scaleTargetRef;
    const name = text(o.metadata?.name);
    const namespace = text(o.metadata?.namespace);
    const targetName = text(ref?.name);
    const targetKind = text(ref?.kind) ?? (kind === 'ScaledObject' ? 'Deployment' : undefined);
    if (!name || !namespace || !targetName || !targetKind) continue;
    const apiVersion = text(ref?.apiVersion);
    const target = { ...(apiVersion && { apiVersion }), kind: targetKind, name: targetName };
    out.push({ kind, namespace, name, target });
  }
  return out;
}

/**
 * Memoises `discover()` (true = served): a positive answer for good, a negative one for
 * `ttlMs`, so a KEDA installed later is noticed without a restart. Failures are not cached.
 */
export function cacheServed(
  discover: () => Promise<boolean>,
  ttlMs = KEDA_ABSENT_TTL_MS,
  now: () => number = Date.now,
): () => Promise<boolean> {
  let known: { served: boolean; at: number } | undefined;
  return async () => {
    if (known && (known.served || now() - known.at < ttlMs)) return known.served;
    const served = await discover();
    known = { served, at: now() };
    return served;
  };
}
