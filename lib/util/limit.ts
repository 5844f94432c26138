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
