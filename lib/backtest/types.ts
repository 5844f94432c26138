/** What a backtest is given (lib/backtest/run.ts): the specs side by side, and the setup. */
import type { ForecastTuning } from '../forecast/forecaster.js';
import type { ForecastSettings } from '../forecast/settings.js';
import type { ScalingSpec } from '../spec/types.js';

export interface BacktestEntry {
  readonly name: string;
  readonly spec: ScalingSpec;
  readonly forecast?: ForecastSettings;
  /** A reference in place of the forecaster (lib/backtest/references.ts): tick index → value. */
  readonly reference?: (index: number, demand: readonly number[]) => number | undefined;
}

export interface BacktestOptions {
  readonly stepSeconds: number;
  readonly startupSeconds: number;
  /** Ticks before this index warm the replay up and are not scored. */
  readonly scoreFrom: number;
  readonly initialReplicas?: number;
  readonly tuning?: ForecastTuning;
}
