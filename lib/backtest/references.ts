/**
 * The two outside references of docs/forecast.md, for scale only (neither is a forecaster):
 *   crude    the mean of the same time in the last two weeks, one tick ahead (the bucket
 *            the pods asked for now first serve)
 *   perfect  the true demand over the lead (it reads the future; only a backtest can)
 * `demand[k]` is the bucket tick k opens; tick k has read demand[k − 1].
 */

export type Reference = (index: number, demand: readonly number[]) => number | undefined;

export function crudeReference(stepSeconds: number): Reference {
  const week = Math.round((7 * 86_400) / stepSeconds);
  return (k, demand) => {
    const a = demand[k + 1 - week];
    const b = demand[k + 1 - 2 * week];
    return a === undefined || b === undefined ? undefined : (a + b) / 2;
  };
}

/**
 * The largest demand of the buckets the pods asked for now first serve: k + lag .. k + lead − 1
 * ticks (lag = startup, lead = period + startup, in ticks).
 */
export function perfectReference(lagTicks: number, leadTicks: number): Reference {
  return (k, demand) => {
    let peak: number | undefined;
    for (let h = Math.max(1, lagTicks); h < leadTicks; h++) {
      const v = demand[k + h];
      if (v !== undefined) peak = Math.max(peak ?? 0, v);
    }
    return peak;
  };
}
