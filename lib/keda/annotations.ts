/** KEDA's pause annotations → ours; the rest of KEDA's annotations concern its HPA. */
import { PAUSE_ANNOTATIONS } from '../decide/pause.js';
import type { Scope } from './notes.js';
import { isRecord } from './source.js';

const PAUSE: Readonly<Record<string, string>> = {
  'autoscaling.keda.sh/paused': PAUSE_ANNOTATIONS.paused,
  'autoscaling.keda.sh/paused-replicas': PAUSE_ANNOTATIONS.pausedReplicas,
  'autoscaling.keda.sh/paused-scale-in': PAUSE_ANNOTATIONS.pausedScaleIn,
  'autoscaling.keda.sh/paused-scale-out': PAUSE_ANNOTATIONS.pausedScaleOut,
};

const KEDA_PREFIX = /^([a-z0-9.-]+\.)?keda\.sh\//;

export function mapAnnotations(so: Scope): Record<string, string> | undefined {
  const metadata = isRecord(so.doc.value.metadata) ? so.doc.value.metadata : {};
  const annotations = isRecord(metadata.annotations) ? metadata.annotations : {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(annotations)) {
    const path = ['metadata', 'annotations', key];
    const ours = PAUSE[key];
    if (ours !== undefined) out[ours] = String(value);
    else if (key === 'autoscaling.keda.sh/force-activation')
      so.drop(path, 'forcing activation is not supported (set minReplicas instead)');
    else if (KEDA_PREFIX.test(key))
      so.info(path, 'concerns the HPA KEDA creates; there is none here');
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
