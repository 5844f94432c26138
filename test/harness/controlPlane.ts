/** Jest glue for the control plane in tools/: skip visibly without assets, one per describe. */
import {
  findAssets,
  NO_ASSETS_HINT,
  startControlPlane,
  type ControlPlane,
} from '../../tools/controlPlane.js';

export type { ControlPlane };

/** Sync check for Jest's sync `describe`. */
export const clusterAvailable = (): boolean => findAssets() !== undefined;

/** `describe` when assets exist, else `describe.skip` with the how-to in the title. */
export function describeIfCluster(name: string, fn: () => void): void {
  if (clusterAvailable()) describe(name, fn);
  else describe.skip(`${name} (skipped: no KUBEBUILDER_ASSETS, see stderr)`, fn);
}

/** Registers beforeAll/afterAll for one control plane per describe; returns its getter. */
export function useControlPlane(opts: { controllers?: boolean } = {}): () => ControlPlane {
  let cp: ControlPlane | undefined;
  beforeAll(async () => {
    cp = await startControlPlane(opts);
    if (!cp) throw new Error(NO_ASSETS_HINT);
  }, 90_000);
  afterAll(async () => cp?.stop());
  return () => {
    if (!cp) throw new Error('control plane not started (beforeAll failed?)');
    return cp;
  };
}
