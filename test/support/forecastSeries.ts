/** Synthetic demand series for the forecast and backtest tests: a daily and weekly shape. */
import type { Series } from '../../lib/simulate/series.js';
import { expectSpec } from './specFixtures.js';
import { parseScaling } from '../../lib/spec/parse.js';
import type { ScalingSpec } from '../../lib/spec/types.js';

export const START = Date.parse('2026-01-05T00:00:00Z'); // a Monday

/** `values[i]` is the demand of bucket i (from START, `stepSeconds` apart). */
export function toSeries(values: readonly number[], stepSeconds: number, name = 'demand'): Series {
  return {
    names: [name],
    rows: values.map((v, i) => {
      const at = START + i * stepSeconds * 1000;
      return { time: new Date(at).toISOString(), at, values: { [name]: v } };
    }),
  };
}

/** Peaks mid-day, quieter at weekends; `noise(i)` is added (default none). */
export function dailyDemand(days: number, stepSeconds: number, noise = (_i: number) => 0) {
  const perDay = 86_400 / stepSeconds;
  return Array.from({ length: days * perDay }, (_, i) => {
    const hour = ((i % perDay) / perDay) * 24;
    const weekend = Math.floor(i / perDay) % 7 >= 5 ? 0.5 : 1;
    const shape = Math.max(0, Math.sin(((hour - 6) / 12) * Math.PI));
    return Math.max(0, Math.round(5 + 95 * weekend * shape + noise(i)));
  });
}

export function demandSpec(perPod = 10, extra: Record<string, unknown> = {}): ScalingSpec {
  return expectSpec(
    parseScaling({
      scaleTargetRef: { kind: 'Deployment', name: 'web', namespace: 'shop' },
      minReplicas: 1,
      maxReplicas: 100,
      metrics: [
        {
          name: 'demand',
          http: { url: 'http://127.0.0.1:9/demand' },
          target: { type: 'AverageValue', averageValue: perPod },
        },
      ],
      behavior: {},
      ...extra,
    }),
  );
}
