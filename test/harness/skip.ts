/**
 * Skipping a whole describe, visibly: the reason goes into the title as `[skipped: …]`, where
 * the skip-summary reporter (test/harness/skipSummary.js) finds it and names it once, at the end
 * of the run, per file. With `CI=true` any skip fails the run.
 */
export const SKIP_MARK = '[skipped: ';

/** `describe` when `skipReason` is undefined, else `describe.skip` with the reason in the title. */
export function describeUnless(skipReason: string | undefined, name: string, fn: () => void): void {
  if (skipReason === undefined) describe(name, fn);
  else describe.skip(`${name} ${SKIP_MARK}${skipReason}]`, fn);
}
