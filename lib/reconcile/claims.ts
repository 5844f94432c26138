/**
 * The compact conflict index of a run: per workload only its oldest BusinessScaling claimant,
 * per BusinessScaling only the workload it claims, and the HPAs/ScaledObjects of claimed
 * workloads; per Observe-mode BusinessScaling only the workload it watches (it claims nothing).
 * Filled page by page as the LIST arrives, so no listed object has to be kept whole
 * to find conflicts. Same rules and messages as `findConflicts` (lib/reconcile/conflicts.ts).
 */
import type { ExternalScaler } from '../kube/port.js';

export interface Claimant {
  readonly name: string;
  /** RFC 3339; missing or unparsable counts as the youngest. */
  readonly creationTimestamp?: string;
  readonly target: { readonly kind: string; readonly namespace: string; readonly name: string };
  /** `spec.mode: Observe`: never scales, so it claims nothing and is never held. */
  readonly observe?: boolean;
}

/** Owners named in a message before "and N more". */
const MAX_NAMED = 3;

interface Oldest {
  readonly name: string;
  readonly at: number;
}

export class ClaimIndex {
  private readonly oldest = new Map<string, Oldest>();
  private readonly claims = new Map<string, string>();
  private readonly outside = new Map<string, string[]>();
  private readonly observers = new Map<string, string>();
  private readonly observed = new Set<string>();

  add(c: Claimant): void {
    const workload = describeWorkload(c.target.kind, c.target.namespace, c.target.name);
    if (c.observe === true) {
      // An observer never scales: it holds no one and is never held.
      this.observers.set(c.name, workload);
      this.observed.add(workload);
      return;
    }
    this.claims.set(c.name, workload);
    const mine: Oldest = { name: c.name, at: createdAt(c.creationTimestamp) };
    const known = this.oldest.get(workload);
    if (known === undefined || isOlder(mine, known)) this.oldest.set(workload, mine);
  }

  /** After every claimant is in: only scalers of a claimed or observed workload are kept. */
  addExternals(externals: readonly ExternalScaler[]): void {
    for (const e of externals) {
      const workload = describeWorkload(e.target.kind, e.namespace, e.target.name);
      if (!this.oldest.has(workload) && !this.observed.has(workload)) continue;
      const list = this.outside.get(workload);
      if (list) list.push(describeScaler(e));
      else this.outside.set(workload, [describeScaler(e)]);
    }
  }

  /** The Conflict message of a BusinessScaling that must not scale its target, else undefined. */
  get(name: string): string | undefined {
    const workload = this.claims.get(name);
    const oldest = workload === undefined ? undefined : this.oldest.get(workload);
    if (workload === undefined || oldest === undefined) return undefined;
    const others = [...(this.outside.get(workload) ?? [])].sort();
    if (oldest.name === name) {
      return others.length > 0 ? describeConflict(others, workload) : undefined;
    }
    const owners = [...others, `BusinessScaling ${oldest.name}`];
    const why = others.length > 0 ? '' : '; the oldest BusinessScaling of a workload scales it';
    return describeConflict(owners, workload) + why;
  }

  /**
   * Already known to be held while the list is still arriving: an older claimant of its
   * workload was listed before it, or one of `external` (workloads an HPA or a ScaledObject
   * scales) is its workload. An observer is never held.
   */
  heldSoFar(name: string, external: ReadonlySet<string>): boolean {
    const workload = this.claims.get(name);
    if (workload === undefined) return false;
    return this.oldest.get(workload)?.name !== name || external.has(workload);
  }

  /** Every claimant's name (for `findConflicts`). */
  names(): IterableIterator<string> {
    return this.claims.keys();
  }

  /**
   * Who really scales an observer's workload: its HPAs/ScaledObjects, else the BusinessScaling
   * that owns it (an Active one scales only when no HPA/ScaledObject holds it); else undefined.
   */
  beside(name: string): string | undefined {
    const workload = this.observers.get(name);
    if (workload === undefined) return undefined;
    const others = [...(this.outside.get(workload) ?? [])].sort();
    const owner = this.oldest.get(workload);
    if (owner !== undefined && others.length === 0) others.push(`BusinessScaling ${owner.name}`);
    if (others.length === 0) return undefined;
    const more = others.length > MAX_NAMED ? ` and ${others.length - MAX_NAMED} more` : '';
    return others.slice(0, MAX_NAMED).join(', ') + more;
  }

  /** Every observer's name (for `findBeside`). */
  observerNames(): IterableIterator<string> {
    return this.observers.keys();
  }
}

export const describeWorkload = (kind: string, namespace: string, name: string) =>
  `${kind}/${namespace}/${name}`;

const describeScaler = (e: ExternalScaler) => `${e.kind} ${e.namespace}/${e.name}`;

/** `A also scales W`, `A, B also scale W`, `A, B, C and 2 more also scale W`. */
function describeConflict(owners: readonly string[], workload: string): string {
  const named = owners.slice(0, MAX_NAMED).join(', ');
  const more = owners.length > MAX_NAMED ? ` and ${owners.length - MAX_NAMED} more` : '';
  const verb = owners.length === 1 ? 'scales' : 'scale';
  return `${named}${more} also ${verb} ${workload}`;
}

/** RFC 3339; missing or unparsable counts as the youngest. */
function createdAt(timestamp: string | undefined): number {
  const t = timestamp === undefined ? NaN : Date.parse(timestamp);
  return Number.isNaN(t) ? Infinity : t;
}

/** Oldest first; equal (or unknown) ages by name. */
function isOlder(a: Oldest, b: Oldest): boolean {
  if (a.at !== b.at) return a.at < b.at;
  return a.name < b.name;
}
