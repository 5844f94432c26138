/** The LIST as a run reads it: page by page, keeping of each object only what the run uses. */
import type { KubePort, ScalingObject } from '../kube/port.js';
import { parseScaling } from '../spec/parse.js';
import type { ParseResult } from '../spec/types.js';
import { ClaimIndex } from './claims.js';
import { toClaimant, type ParsedScaling } from './conflicts.js';

/**
 * Every page of the LIST into the conflict index (every valid Active resource claims its target,
 * an Observe-mode one only watches it) and
 * the resources this run covers (`wanted`), parsed once and kept slim, each also handed to
 * `onItem` as its page arrives (`claims` then holds every claimant listed so far).
 */
export async function readListing(
  kube: KubePort,
  wanted: (name: string) => boolean,
  onItem: (item: ParsedScaling) => void = () => undefined,
  claims = new ClaimIndex(),
): Promise<{ claims: ClaimIndex; items: (ParsedScaling | undefined)[] }> {
  const items: (ParsedScaling | undefined)[] = [];
  for await (const page of listPages(kube)) {
    for (const obj of page) {
      const parsed = parseSafely(obj.spec);
      const { name } = obj.metadata;
      const claimant = toClaimant(obj, parsed);
      if (claimant !== undefined) claims.add(claimant);
      if (!wanted(name)) continue;
      const item = { obj: keep(obj), parsed };
      items.push(item);
      onItem(item);
    }
  }
  return { claims, items };
}

/** A parser that throws fails its resource (`InvalidSpec`, the error's class), never the run. */
function parseSafely(spec: unknown): ParseResult {
  try {
    return parseScaling(spec);
  } catch (err) {
    const kind = err instanceof Error ? err.name : typeof err;
    return { ok: false, errors: [{ field: 'spec', message: `could not be parsed (${kind})` }] };
  }
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
