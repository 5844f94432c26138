/** What happened to one BusinessScaling in a run, before it is turned into status, events and a report. */
import type { Decision } from '../decide/types.js';
import type { LiveForecast } from '../forecast/live.js';
import type { ScaleInfo } from '../kube/port.js';
import type { MetricResult } from '../metrics/types.js';
import type { FieldError, ScalingSpec } from '../spec/types.js';

export type Outcome =
  | { readonly kind: 'invalid'; readonly errors: readonly FieldError[] }
  | {
      readonly kind: 'target-error';
      readonly spec: ScalingSpec;
      readonly status: number;
      readonly message: string;
    }
  | {
      /** Someone else scales the target: nothing read, nothing patched. */
      readonly kind: 'conflict';
      readonly spec: ScalingSpec;
      /** Names the other owner(s); safe to publish. */
      readonly message: string;
    }
  | {
      readonly kind: 'decided';
      readonly spec: ScalingSpec;
      readonly scale: ScaleInfo;
      readonly metrics: readonly MetricResult[];
      readonly decision: Decision;
      /** `undefined`: nothing to patch or dry run. A string: the patch failed, safe message. */
      readonly rescaleError?: string;
      /** True when the replicas were actually patched this run. */
      readonly rescaled: boolean;
      /** `spec.mode: Observe`: decided and recorded, /scale never patched. */
      readonly observe?: {
        /** Who really scales the target (`HorizontalPodAutoscaler shop/web`), if anyone. */
        readonly beside?: string;
      };
      /** With `spec.forecast`: what the forecast did (lib/forecast/live.ts). */
      readonly forecast?: LiveForecast;
    };

export function describeTarget(spec: ScalingSpec): string {
  const t = spec.target;
  return `${t.kind}/${t.namespace}/${t.name}`;
}

export function formatFieldErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => `${e.field}: ${e.message}`).join('; ');
}
