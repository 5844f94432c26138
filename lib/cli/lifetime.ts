/**
 * The CLI never outlives the command that started it. `npx business-scaler …` runs us under
 * `npm exec` → `sh -c` → node; a SIGTERM to npm reaches the shell, which dies without passing
 * it on, and we would be re-parented and keep scaling. So besides SIGTERM/SIGINT, a change of
 * parent process (checked every second) also stops the loop, after the run in flight.
 */
/** The parent at start-up: the bin imports this module before the CLI's (slow) imports. */
const STARTING_PARENT = process.ppid;

export function stopOnSignalOrOrphan(stop: () => void, intervalMs = 1000): () => void {
  const parent = STARTING_PARENT;
  const onSignal = () => stop();
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  const timer = setInterval(() => {
    if (process.ppid !== parent) stop();
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}
