/**
 * The settings an installation sets, for both homes: the Functions app (app settings of
 * infra/main.bicep) and the in-cluster Deployment (env of deploy/deployment.yaml). The namespace
 * settings come from lib/permissions/table.ts with the defaults crds/rbac.yaml grants in, so a
 * Deployment applied next to crds/rbac.yaml reads exactly where it may. test/unit/
 * deploy-settings.test.ts fails when either file drifts from this table.
 */
import {
  NAMESPACE_DEFAULTS,
  namespaceSettings,
  type NamespaceSetting,
} from '../permissions/table.js';

/**
 * The Node.js flags of the long-lived reconciler in 512 MB: half of it for the old generation,
 * the Functions worker's flags (infra/app/function.bicep, bench/nodeArguments.ts explains them).
 */
export const HEAP_FLAGS = '--max-old-space-size=256 --max-semi-space-size=8';
/** The Deployment's memory limit that HEAP_FLAGS is sized for (twice the old generation). */
export const MEMORY_LIMIT = '512Mi';

export interface InstallSetting {
  readonly name: string;
  /** The Deployment's value; undefined → the Deployment does not set it (see `why`). */
  readonly inCluster?: string;
  /** Set as an app setting of the Functions app by infra/main.bicep. */
  readonly functions: boolean;
  readonly why: string;
}

const namespaceRow = (name: NamespaceSetting): InstallSetting => ({
  name,
  inCluster: NAMESPACE_DEFAULTS[name].join(','),
  functions: true,
  why: 'where crds/rbac.yaml grants its rights (a Role per namespace): change both together',
});

export const INSTALL_SETTINGS: readonly InstallSetting[] = [
  ...namespaceSettings().map(namespaceRow),
  {
    name: 'AKS_CLUSTERS',
    functions: true,
    why: 'in-cluster, the reconciler scales the cluster it runs in (its ServiceAccount)',
  },
  {
    name: 'RECONCILE_SCHEDULE',
    functions: true,
    why: 'the timer of the Functions app; in-cluster, `reconcile --every 30s` is the schedule',
  },
  ...['FANOUT', 'WORK_QUEUE', 'WORK_MESSAGE_TTL_SECONDS'].map((name): InstallSetting => ({
    name,
    functions: true,
    why: 'the queue fan-out needs the Functions host; in-cluster runs are inline',
  })),
  {
    name: 'HISTORY_CONTAINER',
    functions: true,
    why: "the forecast history's blob container in the Functions app's own storage account",
  },
  {
    name: 'NODE_OPTIONS',
    inCluster: HEAP_FLAGS,
    functions: false,
    why: 'the heap flags; the Functions host gets them as languageWorkers__node__arguments',
  },
];

/** The Deployment's env, in table order. */
export const clusterEnv = (): { name: string; value: string }[] =>
  INSTALL_SETTINGS.flatMap((s) =>
    s.inCluster === undefined ? [] : [{ name: s.name, value: s.inCluster }],
  );
