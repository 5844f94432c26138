/**
 * The score of one replay against the demand it had to serve. A bucket's demand needs
 * ceil(demand / perPod) pods. Pods are paid for from the tick that asked for them; a pod
 * serves from `startupSeconds` after that tick, and a pod removed at a tick still finishes the
 * bucket that tick opened, so the pods ready through bucket k are the fewest the workload had
 * at ticks k − lag .. k − 1 (lag = startup in ticks; lag 0: the tick's own replicas).
 */

export interface Score {
  /** Σ max(0, ceil(demand / perPod) − ready pods) × bucket minutes. */
  readonly underPodMinutes: number;
  /** Σ replicas × bucket hours (pods are paid for while they start). */
  readonly podHours: number;
  /** Scale direction changes (up after down, or down after up). */
  readonly flaps: number;
  /** The largest shortfall in one bucket, in pods. */
  readonly worstShortfall: number;
  readonly ticks: number;
}

export interface ScoreInput {
  /** The demand each bucket brought (the metric's true value for the bucket). */
  readonly demand: readonly number[];
  /** Replicas set at the tick that opens each bucket. */
  readonly replicas: readonly number[];
  /** Demand one pod serves in one bucket (the target's averageValue). */
  readonly perPod: number;
  readonly stepSeconds: number;
  readonly startupSeconds: number;
  /** The first bucket scored (earlier ones only warm the replay up). */
  readonly from?: number;
}

/** The fewest replicas at ticks k − lag .. k − 1 (before the first tick: the first tick's). */
function readyAt(replicas: readonly number[], k: number, lag: number): number {
  if (lag === 0) return replicas[k] ?? 0;
  let ready = Infinity;
  for (let j = k - lag; j < k; j++) ready = Math.min(ready, replicas[Math.max(0, j)] ?? 0);
  return ready;
}

/** Whole pods for a bucket's demand (binary noise such as 3.0000000000000004 is not a pod). */
function podsFor(demand: number, perPod: number): number {
  return Math.ceil(Math.round((demand / perPod) * 1e6) / 1e6);
}

export function scoreReplay(input: ScoreInput): Score {
  const { demand, replicas, perPod, stepSeconds } = input;
  const lag = Math.ceil(input.startupSeconds / stepSeconds);
  const minutes = stepSeconds / 60;
  let under = 0;
  let podTicks = 0;
  let worst = 0;
  let flaps = 0;
  let direction = 0;
  const from = input.from ?? 0;
  for (let k = from; k < demand.length; k++) {
    const shortfall = Math.max(0, podsFor(demand[k] ?? 0, perPod) - readyAt(replicas, k, lag));
    under += shortfall * minutes;
    worst = Math.max(worst, shortfall);
    podTicks += replicas[k] ?? 0;
    const change = Math.sign((replicas[k] ?? 0) - (replicas[k - 1] ?? replicas[k] ?? 0));
    if (change !== 0 && direction !== 0 && change !== direction) flaps++;
    if (change !== 0) direction = change;
  }
  return {
    underPodMinutes: under,
    podHours: (podTicks * minutes) / 60,
    flaps,
    worstShortfall: worst,
    ticks: Math.max(0, demand.length - from),
  };
}
