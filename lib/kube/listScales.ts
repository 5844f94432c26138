/**
 * `listScales` of the REST port: a paginated LIST of one apps/v1 workload kind in a namespace,
 * each page reduced at once to what `/scale` would say (name, spec and status replicas,
 * resourceVersion), so no Deployment object outlives its page.
 */
import type { ListedKind, ListedScale, ScaleInfo } from './port.js';

const PLURALS: Readonly<Record<ListedKind, string>> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  ReplicaSet: 'replicasets',
};

interface WireWorkload {
  metadata?: { name?: unknown; resourceVersion?: unknown };
  spec?: { replicas?: unknown };
  status?: { replicas?: unknown };
}

interface WirePage {
  items?: WireWorkload[];
  metadata?: { continue?: string; _continue?: string };
}

const count = (v: unknown): number => (typeof v === 'number' ? v : 0);

/**
 * Items without a name or a numeric `spec.replicas` (the API server always defaults it) are
 * left out: their targets are then read through `/scale`, as if not listed.
 */
export function toListedScales(items: readonly WireWorkload[]): ListedScale[] {
  const out: ListedScale[] = [];
  for (const item of items) {
    const name = item.metadata?.name;
    if (typeof name !== 'string') continue;
    const rv = item.metadata?.resourceVersion;
    const spec = item.spec?.replicas;
    if (typeof spec !== 'number') continue;
    out.push({
      name,
      specReplicas: spec,
      statusReplicas: count(item.status?.replicas),
      ...(typeof rv === 'string' && { resourceVersion: rv }),
    });
  }
  return out;
}

/** A GET of `/scale` → what the decision reads, with the Scale's resourceVersion (the precondition). */
export function toScaleInfo(wire: unknown): ScaleInfo {
  const scale = (wire ?? {}) as WireWorkload;
  const rv = scale.metadata?.resourceVersion;
  return {
    specReplicas: count(scale.spec?.replicas),
    statusReplicas: count(scale.status?.replicas),
    ...(typeof rv === 'string' && { resourceVersion: rv }),
  };
}

/** Every page of the LIST; `listPage` sends one (`cont`: the previous page's continue token). */
export async function* listScalePages(
  kind: ListedKind,
  listPage: (plural: string, cont: string | undefined) => Promise<unknown>,
): AsyncGenerator<ListedScale[]> {
  let cont: string | undefined;
  do {
    const page = ((await listPage(PLURALS[kind], cont)) ?? {}) as WirePage;
    cont = page.metadata?.continue || page.metadata?._continue || undefined;
    yield toListedScales(page.items ?? []);
  } while (cont);
}
