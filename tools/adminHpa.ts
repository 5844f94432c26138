/** Test set-up of other autoscalers as `admin`: HPAs that conflict with a BusinessScaling. */
import type { KubernetesObject } from '@kubernetes/client-node';
import { admin, typed, type ControlPlane } from './admin.js';

/** An autoscaling/v1 HPA `namespace/name` scaling `apps/v1 <kind> <target>` (1..10, CPU 80 %). */
export async function createHpa(
  cp: ControlPlane,
  namespace: string,
  name: string,
  target: { kind: string; name: string },
): Promise<void> {
  const spec = {
    scaleTargetRef: { apiVersion: 'apps/v1', ...target },
    minReplicas: 1,
    maxReplicas: 10,
    targetCPUUtilizationPercentage: 80,
  };
  const hpa = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler' };
  await admin(cp).objects.create(
    typed<KubernetesObject>({ ...hpa, metadata: { name, namespace }, spec }),
  );
}

export async function deleteHpa(cp: ControlPlane, namespace: string, name: string): Promise<void> {
  const hpa = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler' };
  await admin(cp).objects.delete({ ...hpa, metadata: { name, namespace } });
}
