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
  /** Ready in `mode: Observe`: decisions are recorded, the target is not scaled. */
  Observing: 'Observing',
  // Forecast (lib/forecast/status.ts): True when ready, False says why; the decision's reason
  // when an Active forecast raised it.
  ForecastActive: 'ForecastActive',
  ForecastObserved: 'ForecastObserved',
  ForecastWaiting: 'ForecastWaiting',
  ForecastSteppedAside: 'ForecastSteppedAside',
  ForecastFailed: 'ForecastFailed',
  Forecast: 'Forecast',
  // Events only
  SuccessfulRescale: 'SuccessfulRescale',
  /** Observe mode: where Active would have rescaled (Normal). */
  WouldRescale: 'WouldRescale',
  FailedRescale: 'FailedRescale',
  // Report and event: the status write (the record of a decision) failed, so nothing was scaled.
  FailedUpdateStatus: 'FailedUpdateStatus',
  /** 409 twice: another writer changed the status; left to the next run. */
  StatusConflict: 'StatusConflict',
  /** `canWrite()` said no (the run's lease is gone): nothing more was written. */
  LeaseLost: 'LeaseLost',
} as const;
export type ReasonName = (typeof Reason)[keyof typeof Reason];
