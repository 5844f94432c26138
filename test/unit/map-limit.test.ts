/** mapLimit: bounded in flight, results in input order, each item released once started. */
import { mapLimit } from '../../lib/util/limit.js';

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('mapLimit', () => {
  it.each([
    // items, concurrency, most in flight
    [10, 3, 3],
    [2, 5, 2],
    [0, 4, 0],
    [7, 1, 1],
  ])('%i items, concurrency %i → at most %i in flight, order kept', async (n, c, most) => {
    let inFlight = 0;
    let peak = 0;
    const items: (number | undefined)[] = Array.from({ length: n }, (_, i) => i);
    const out = await mapLimit(items, c, async (x) => {
      peak = Math.max(peak, ++inFlight);
      for (let i = 0; i <= (x * 7) % 3; i++) await tick(); // finish out of order
      inFlight -= 1;
      return x * 2;
    });
    expect(out).toEqual(Array.from({ length: n }, (_, i) => i * 2));
    expect(peak).toBe(most);
    expect(items.every((x) => x === undefined)).toBe(true);
  });
});
