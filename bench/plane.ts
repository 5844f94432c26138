/** What the control-plane benches share: starting the control plane, and the CPU bound line. */
import { startControlPlane, type ControlPlane } from '../tools/controlPlane.js';

const secs = (ms: number) => (ms / 1000).toFixed(1);

/** The control plane, or a hint how to get one and exit code 2. */
export async function startControlPlaneOrExit(log: (line: string) => void): Promise<ControlPlane> {
  const cp = await startControlPlane();
  if (!cp) {
    log(
      'bench needs a control plane: export KUBEBUILDER_ASSETS="$(../shared/k8s/install-assets.sh)"',
    );
    process.exit(2);
  }
  return cp;
}

/** The CPU each process spent and the least time any run doing this work can take. */
export function formatCpuBound(cpu: Record<string, number>, cores: number): string {
  const total = Object.values(cpu).reduce((a, b) => a + b, 0);
  const parts = Object.entries(cpu).map(([k, v]) => `${k} ${secs(v)}`);
  return (
    `CPU s: ${parts.join(', ')} = ${secs(total)} on ${cores} cores: ` +
    `no run doing this work can take less than ${secs(total / cores)} s on this machine`
  );
}
