/**
 * Who else scales a workload (pure). An HPA or ScaledObject on the same target holds every
 * Active BusinessScaling of it (an Observe-mode one never scales, so it is never held, and is
 * only told who scales its workload: `findBeside`); among BusinessScalings the oldest (creationTimestamp, then name)
 * scales and the younger ones are held. Targets are matched by kind, namespace and name: the
 * API group/version is ignored, because one workload answers under several (an HPA written
 * for `extensions/v1beta1` Deployment scales the `apps/v1` one) and a false conflict only
 * holds replicas, while a missed one makes two controllers fight.
 */
import type { ExternalScaler, ScalingObject } from '../kube/port.js';
import type { ParseResult } from '../spec/types.js';
import { ClaimIndex, type Claimant } from './claims.js';

export type { Claimant } from './claims.js';

/** A listed BusinessScaling with its spec parsed once for the whole run. */
export interface ParsedScaling {
  readonly obj: ScalingObject;
  readonly parsed: ParseResult;
}

/** The BusinessScalings with a valid spec (an invalid one scales nothing, so claims nothing). */
export function toClaimants(items: readonly ParsedScaling[]): Claimant[] {
  return items.flatMap(({ obj, parsed }) => {
    const c = toClaimant(obj, parsed);
    return c === undefined ? [] : [c];
  });
}

/** One listed BusinessScaling as a claimant (or observer); undefined for an invalid spec. */
export function toClaimant(obj: ScalingObject, parsed: ParseResult): Claimant | undefined {
  if (!parsed.ok) return undefined;
  const { name, creationTimestamp } = obj.metadata;
  const observe = parsed.spec.mode === 'Observe';
  return { name, creationTimestamp, target: parsed.spec.target, ...(observe && { observe }) };
}

function indexOf(scalings: readonly Claimant[], externals: readonly ExternalScaler[]): ClaimIndex {
  const index = new ClaimIndex();
  for (const s of scalings) index.add(s);
  index.addExternals(externals);
  return index;
}

/** BusinessScaling name → the Conflict message, for each one that must not scale its target. */
export function findConflicts(
  scalings: readonly Claimant[],
  externals: readonly ExternalScaler[],
): Map<string, string> {
  const index = indexOf(scalings, externals);
  const conflicts = new Map<string, string>();
  for (const name of index.names()) {
    const message = index.get(name);
    if (message !== undefined) conflicts.set(name, message);
  }
  return conflicts;
}

/**
 * Observe-mode BusinessScaling name → who really scales its workload (HPAs, ScaledObjects, or
 * else the BusinessScaling that owns it), for status: `HorizontalPodAutoscaler shop/web`.
 */
export function findBeside(
  scalings: readonly Claimant[],
  externals: readonly ExternalScaler[],
): Map<string, string> {
  const index = indexOf(scalings, externals);
  const beside = new Map<string, string>();
  for (const name of index.observerNames()) {
    const who = index.beside(name);
    if (who !== undefined) beside.set(name, who);
  }
  return beside;
}
