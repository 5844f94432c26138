/** Jest glue for the control plane in tools/: skip visibly without assets, one per describe. */
import { assetsStatus, startControlPlane, type ControlPlane } from '../../tools/controlPlane.js';
import { describeUnless } from './skip.js';

export type { ControlPlane };

/** Why cluster tests cannot run here (and what to run), or undefined when they can. */
export function clusterSkipReason(): string | undefined {
  const found = assetsStatus();
  return 'dir' in found ? undefined : `${found.why}; ${found.hint}`;
}

/** `describe` when assets exist, else a skip that the end-of-run summary names with its reason. */
export function describeIfCluster(name: string, fn: () => void): void {
  describeUnless(clusterSkipReason(), name, fn);
}

/** Registers beforeAll/afterAll for one control plane per describe; returns its getter. */
export function useControlPlane(opts: { controllers?: boolean } = {}): () => ControlPlane {
  let cp: ControlPlane | undefined;
  beforeAll(async () => {
    cp = await startControlPlane(opts);
    if (!cp) throw new Error(clusterSkipReason());
  }, 90_000);
  afterAll(async () => cp?.stop());
  return () => {
    if (!cp) throw new Error('control plane not started (beforeAll failed?)');
    return cp;
  };
}
