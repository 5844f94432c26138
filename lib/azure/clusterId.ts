/** AKS cluster resource IDs: parsed once at start-up (from `AKS_CLUSTERS`), named in reports. */

export interface ClusterId {
  /** As written in the setting. */
  readonly id: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
}

const PATTERN =
  /^\/subscriptions\/([0-9a-fA-F-]{36})\/resourceGroups\/([-\w.()]{1,90})\/providers\/Microsoft\.ContainerService\/managedClusters\/([A-Za-z0-9][-_A-Za-z0-9]{0,62})$/i;

/** The ID's parts, or undefined when it is not an AKS cluster resource ID. */
export function parseClusterId(raw: string): ClusterId | undefined {
  const id = raw.trim().replace(/\/+$/, '');
  const m = PATTERN.exec(id);
  if (!m?.[1] || !m[2] || !m[3]) return undefined;
  return { id, subscriptionId: m[1], resourceGroup: m[2], name: m[3] };
}

/** `resourceGroup/name`: short, unique within a subscription, what reports and logs show. */
export const describeCluster = (c: ClusterId): string => `${c.resourceGroup}/${c.name}`;
