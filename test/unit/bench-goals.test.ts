/** The bench's floor: the CPU every process spent over the cores, or the metric reads' latency. */
import { runFloor } from '../../bench/goals.js';

const run = (cpu: Record<string, number>) => ({ wallMs: 0, maxRssMB: 0, summary: {}, cpu });

describe('runFloor', () => {
  it.each([
    ['CPU-bound (all scale)', { reconciler: 2000, 'kube-apiserver': 5000 }, 3500, 'CPU on 2 cores'],
    [
      'latency-bound (nothing changed): 16 waves of 64 reads at 50 ms',
      { reconciler: 600, 'kube-apiserver': 600 },
      800,
      'metric latency: 16 x 50 ms; CPU 600 ms',
    ],
  ])('%s', (_, cpu, ms, why) => {
    expect(runFloor(run(cpu), 2, { n: 1000, concurrency: 64, latencyMs: 50 })).toEqual({ ms, why });
  });

  it('without CPU figures there is no floor; without latency, the CPU alone', () => {
    expect(runFloor({ wallMs: 0, maxRssMB: 0, summary: {} }, 2)).toBeUndefined();
    expect(runFloor(run({ reconciler: 600 }), 2)).toEqual({ ms: 300, why: 'CPU on 2 cores' });
  });
});
