/** `spec.forecast`, parsed: what the forecaster may do for one BusinessScaling. */

export type ForecastMode = 'Observe' | 'Active';

export interface ForecastSettings {
  /** Observe: status and explain show the forecast; Active: it may raise the replicas. */
  readonly mode: ForecastMode;
  /** How far ahead to forecast; default one reconcile period plus podStartupSeconds. */
  readonly leadSeconds?: number;
  /** How long a new pod takes to serve. */
  readonly podStartupSeconds: number;
  /** Above this rolling error (Σ|actual − forecast| / Σ actual) the forecast steps aside. */
  readonly maxError: number;
}

export const FORECAST_DEFAULTS: Omit<ForecastSettings, 'leadSeconds'> = Object.freeze({
  mode: 'Observe',
  podStartupSeconds: 60,
  maxError: 0.5,
});

export function leadOf(settings: ForecastSettings, periodSeconds: number): number {
  return settings.leadSeconds ?? periodSeconds + settings.podStartupSeconds;
}
