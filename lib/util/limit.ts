/** Runs a task once fewer than `concurrency` tasks are running; resolves or rejects as it does. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * A FIFO queue with at most `concurrency` tasks in flight. A task's own rejection (or synchronous
 * throw) rejects its promise only; the queue itself never rejects and never stalls.
 */
export function createLimiter(concurrency: number): Limiter {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be an integer >= 1, got ${concurrency}`);
  }
  let active = 0;
  const waiting: (() => void)[] = [];

  const release = (): void => {
    active -= 1;
    waiting.shift()?.();
  };

  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = (): void => {
        active += 1;
        void new Promise<T>((run) => run(task())).then(resolve, reject).finally(release);
      };
      if (active < concurrency) start();
      else waiting.push(start);
    });
}

/**
 * `fn` over `items` with at most `concurrency` calls in flight, results in input order. Each
 * slot of `items` is cleared once its call has started, so a finished item can be collected.
 */
export async function mapLimit<T, R>(
  items: (T | undefined)[],
  concurrency: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      const item = items[i] as T;
      items[i] = undefined;
      results[i] = await fn(item);
    }
  };
  const lanes = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  return results;
}
