/** The LIST as a run reads it: page by page, keeping of each object only what the run uses. */
import type { KubePort, ScalingObject } from '../kube/port.js';
import { parseScaling } from '../spec/parse.js';
import { ClaimIndex } from './claims.js';
import type { ParsedScaling } from './conflicts.js';

/**
 * Every page of the LIST into the conflict index (every valid resource claims its target) and
 * the resources this run covers (`wanted`), parsed once and kept slim.
 */
export async function readListing(
  kube: KubePort,
  wanted: (name: string) => boolean,
): Promise<{ claims: ClaimIndex; items: (ParsedScaling | undefined)[] }> {
  const claims = new ClaimIndex();
  const items: (ParsedScaling | undefined)[] = [];
  for await (const page of listPages(kube)) {
    for (const obj of page) {
      const parsed = parseScaling(obj.spec);
      const { name, creationTimestamp } = obj.metadata;
      if (parsed.ok) claims.add({ name, creationTimestamp, target: parsed.spec.target });
      if (wanted(name)) items.push({ obj: keep(obj), parsed });
    }
  }
  return { claims, items };
}

/** What a run keeps of a listed object: managedFields, labels and the like go at once. */
export function keep(obj: ScalingObject): ScalingObject {
  const { name, uid, generation, resourceVersion, creationTimestamp, annotations } = obj.metadata;
  return {
    metadata: { name, uid, generation, resourceVersion, creationTimestamp, annotations },
    spec: obj.spec,
    ...(obj.status !== undefined && { status: obj.status }),
  };
}

export async function* listPages(kube: KubePort): AsyncIterable<readonly ScalingObject[]> {
  if (kube.listScalingPages) yield* kube.listScalingPages();
  else yield await kube.listScalings();
}
