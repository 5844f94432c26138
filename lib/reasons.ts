/** Condition reasons and event reasons, in one place (HPA words where the meaning matches). */
export const Reason = {
  // Ready
  Ready: 'Ready',
  InvalidSpec: 'InvalidSpec',
  TargetNotFound: 'TargetNotFound',
  FailedGetMetric: 'FailedGetMetric',
  /** An HPA, a ScaledObject or an older BusinessScaling also scales the target (AbleToScale too). */
  Conflict: 'Conflict',
  // AbleToScale
  SucceededGetScale: 'SucceededGetScale',
  SucceededRescale: 'SucceededRescale',
  ReadyForNewScale: 'ReadyForNewScale',
  FailedGetScale: 'FailedGetScale',
  FailedUpdateScale: 'FailedUpdateScale',
  // ScalingActive
  ValidMetricFound: 'ValidMetricFound',
  ScalingDisabled: 'ScalingDisabled',
  // ScalingLimited
  TooManyReplicas: 'TooManyReplicas',
  TooFewReplicas: 'TooFewReplicas',
  DesiredWithinRange: 'DesiredWithinRange',
  // Events only
  SuccessfulRescale: 'SuccessfulRescale',
  FailedRescale: 'FailedRescale',
} as const;
export type ReasonName = (typeof Reason)[keyof typeof Reason];
