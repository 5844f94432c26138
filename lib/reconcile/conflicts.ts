/**
 * Who else scales a workload (pure). An HPA or ScaledObject on the same target holds every
 * BusinessScaling of it; among BusinessScalings the oldest (creationTimestamp, then name)
 * scales and the younger ones are held. Targets are matched by kind, namespace and name: the
 * API group/version is ignored, because one workload answers under several (an HPA written
 * for `extensions/v1beta1` Deployment scales the `apps/v1` one) and a false conflict only
 * holds replicas, while a missed one makes two controllers fight.
 */
import type { ExternalScaler, ScalingObject } from '../kube/port.js';
import type { ParseResult } from '../spec/types.js';

/** A listed BusinessScaling with its spec parsed once for the whole run. */
export interface ParsedScaling {
  readonly obj: ScalingObject;
  readonly parsed: ParseResult;
}

export interface Claimant {
  readonly name: string;
  /** RFC 3339; missing or unparsable counts as the youngest. */
  readonly creationTimestamp?: string;
  readonly target: { readonly kind: string; readonly namespace: string; readonly name: string };
}

/** Owners named in a message before "and N more". */
const MAX_NAMED = 3;

/** The BusinessScalings with a valid spec (an invalid one scales nothing, so claims nothing). */
export function toClaimants(items: readonly ParsedScaling[]): Claimant[] {
  return items.flatMap(({ obj, parsed }) => {
    if (!parsed.ok) return [];
    const { name, creationTimestamp } = obj.metadata;
    return [{ name, creationTimestamp, target: parsed.spec.target }];
  });
}

/** BusinessScaling name → the Conflict message, for each one that must not scale its target. */
export function findConflicts(
  scalings: readonly Claimant[],
  externals: readonly ExternalScaler[],
): Map<string, string> {
  const byTarget = new Map<string, Claimant[]>();
  for (const s of scalings) {
    const key = describeWorkload(s.target.kind, s.target.namespace, s.target.name);
    const list = byTarget.get(key);
    if (list) list.push(s);
    else byTarget.set(key, [s]);
  }
  const outside = new Map<string, string[]>();
  for (const e of externals) {
    const key = describeWorkload(e.target.kind, e.namespace, e.target.name);
    if (!byTarget.has(key)) continue;
    const list = outside.get(key);
    if (list) list.push(describeScaler(e));
    else outside.set(key, [describeScaler(e)]);
  }
  const conflicts = new Map<string, string>();
  for (const [workload, claimants] of byTarget) {
    const others = [...(outside.get(workload) ?? [])].sort();
    const [oldest, ...younger] = [...claimants].sort(byAge);
    if (!oldest) continue;
    if (others.length > 0) conflicts.set(oldest.name, describeConflict(others, workload));
    const owners = [...others, `BusinessScaling ${oldest.name}`];
    const why = others.length > 0 ? '' : '; the oldest BusinessScaling of a workload scales it';
    for (const y of younger) conflicts.set(y.name, describeConflict(owners, workload) + why);
  }
  return conflicts;
}

const describeWorkload = (kind: string, namespace: string, name: string) =>
  `${kind}/${namespace}/${name}`;

const describeScaler = (e: ExternalScaler) => `${e.kind} ${e.namespace}/${e.name}`;

/** `A also scales W`, `A, B also scale W`, `A, B, C and 2 more also scale W`. */
function describeConflict(owners: readonly string[], workload: string): string {
  const named = owners.slice(0, MAX_NAMED).join(', ');
  const more = owners.length > MAX_NAMED ? ` and ${owners.length - MAX_NAMED} more` : '';
  const verb = owners.length === 1 ? 'scales' : 'scale';
  return `${named}${more} also ${verb} ${workload}`;
}

function createdAt(c: Claimant): number {
  const t = c.creationTimestamp === undefined ? NaN : Date.parse(c.creationTimestamp);
  return Number.isNaN(t) ? Infinity : t;
}

/** Oldest first; equal (or unknown) ages by name. */
function byAge(a: Claimant, b: Claimant): number {
  const ta = createdAt(a);
  const tb = createdAt(b);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
