/** The backtest's score: shortfall against ready pods, pod-hours, flaps, worst shortfall. */
import { scoreReplay } from '../../lib/backtest/score.js';

const score = (demand: number[], replicas: number[], startupSeconds: number) =>
  scoreReplay({ demand, replicas, perPod: 10, stepSeconds: 300, startupSeconds });

describe('scoreReplay', () => {
  it.each([
    // name, demand, replicas, startup s, under pod-minutes, worst (pods)
    // 25 needs 3 pods; bucket 0 is served by the first tick's 1, bucket 1 by tick 0's 1: (2+2)·5
    ['a pod asked for serves from the next tick', [25, 25], [1, 3], 300, 20, 2],
    // lag 0: bucket 0 by 1 pod (short 2), bucket 1 by its own 3: 2·5
    ['with no start-up the tick’s own pods serve', [25, 25], [1, 3], 0, 10, 2],
    // bucket 1 is served by tick 0's 3 pods: the removed two finish it
    ['a removed pod still finishes its bucket', [30, 30], [3, 1], 300, 0, 0],
    // lag 2: bucket 2 is served by min(tick 0, tick 1) = 1 pod: short 2
    ['two ticks of start-up', [10, 10, 30], [1, 3, 3], 600, 10, 2],
    ['binary noise is not a pod', [30.000000000001], [3], 0, 0, 0],
  ])('%s', (_name, demand, replicas, startup, under, worst) => {
    const s = score(demand, replicas, startup);
    expect(s.underPodMinutes).toBe(under);
    expect(s.worstShortfall).toBe(worst);
  });

  it('counts pods from the tick that asks for them, and direction changes as flaps', () => {
    // + − + (steady) −: three changes of direction; Σ replicas 15 × 5 min = 1.25 h
    const s = score([0, 0, 0, 0, 0, 0], [1, 3, 2, 4, 4, 1], 300);
    expect(s.flaps).toBe(3);
    expect(s.podHours).toBeCloseTo(1.25, 10);
  });

  it('scores from the first bucket asked for only', () => {
    const s = scoreReplay({
      demand: [100, 100, 10],
      replicas: [1, 1, 1],
      perPod: 10,
      stepSeconds: 300,
      startupSeconds: 0,
      from: 2,
    });
    expect([s.underPodMinutes, s.ticks, s.podHours]).toEqual([0, 1, 5 / 60]);
  });
});
