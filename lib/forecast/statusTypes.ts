/** The shape of `status.forecast` (lib/state/types.ts holds it; lib/forecast/status.ts fills it). */
import type { ForecastMode } from './settings.js';

export type ForecastState = 'Ready' | 'Waiting' | 'SteppedAside' | 'Failed';

/** `status.forecast`: small, and the same within a history bucket (no write on every run). */
export interface ForecastStatus {
  readonly mode: ForecastMode;
  readonly state: ForecastState;
  readonly reason: string;
  readonly leadSeconds: number;
  /** Ready: the replicas the forecast calls for, and the metric that calls for them. */
  readonly replicas?: number;
  readonly metric?: string;
  /** That metric's forecast value at now + leadSeconds (with the model's margin). */
  readonly value?: number;
  readonly model?: string;
  /** The model's error over the last day: Σ|actual − forecast| / Σ actual. */
  readonly error?: number;
}
