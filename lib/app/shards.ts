/**
 * Which shard runs an invocation makes. An explicit `opts.shard` (the CLI's `--shard i/n`, a
 * queue message) runs that shard. Otherwise, with `SHARDS` = n > 1: a `name` runs the one shard
 * that holds it; else every shard of every cluster runs at once, each as a member of a fleet run
 * (label `<cluster>/shard-i-of-n`) under its own lease, so a shard held elsewhere is skipped alone.
 * With `SHARDS` = 1: one run, shard 0/1 (its lease `business-scaler-shard-0-of-1`).
 */
import type { Settings } from '../config.js';
import type { FleetMember } from '../fleet/fleet.js';
import type { KubePort } from '../kube/port.js';
import type { RunOptions } from '../reconcile/run.js';
import { shardOf } from '../shard/shard.js';

export type ShardPlan =
  | { readonly kind: 'single'; readonly opts: RunOptions }
  | {
      readonly kind: 'members';
      readonly members: readonly FleetMember[];
      readonly opts: RunOptions;
    };

export function planShards(
  settings: Settings,
  target: KubePort | readonly FleetMember[],
  opts: RunOptions,
): ShardPlan {
  const count = settings.shards;
  const isFleet = Array.isArray(target);
  const members = (m: readonly FleetMember[]) => ({ kind: 'members' as const, members: m, opts });
  if (opts.shard !== undefined || count <= 1) {
    return isFleet ? members(target) : { kind: 'single', opts };
  }
  if (opts.name !== undefined) {
    const shard = { index: shardOf(opts.name, count), count };
    return isFleet
      ? { ...members(target), opts: { ...opts, shard } }
      : { kind: 'single', opts: { ...opts, shard } };
  }
  const shards = Array.from({ length: count }, (_, index) => ({ index, count }));
  const label = (cluster: string | undefined, i: number) =>
    `${cluster === undefined ? '' : `${cluster}/`}shard-${i}-of-${count}`;
  const clusters: readonly { cluster?: string; kube: KubePort }[] = isFleet
    ? target
    : [{ kube: target as KubePort }];
  return members(
    clusters.flatMap(({ cluster, kube }) =>
      shards.map((shard) => ({ cluster: label(cluster, shard.index), kube, shard })),
    ),
  );
}
