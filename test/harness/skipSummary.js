// @ts-check
/**
 * Jest reporter: one block at the end of the run naming every file with skipped tests and why
 * (the `[skipped: …]` in a describe title, see test/harness/skip.ts). With `CI=true` a skip
 * fails the run: CI installs everything, so a skip there is a broken set-up, not a pass.
 * Plain JS: Jest loads reporters without transforming them.
 */
import path from 'node:path';

const MARK = /\[skipped: (.*)\]$/;
const SKIPPED = new Set(['pending', 'skipped', 'todo', 'disabled']);

const inCi = () => {
  const ci = process.env.CI ?? '';
  return ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
};

export default class SkipSummary {
  /** @type {Error | undefined} */
  error;

  /**
   * @param {unknown} _contexts
   * @param {{ testResults: { testFilePath: string, testResults: { status: string, title: string, ancestorTitles: string[] }[] }[] }} results
   */
  onRunComplete(_contexts, results) {
    const lines = [];
    let count = 0;
    for (const file of results.testResults) {
      const skipped = file.testResults.filter((t) => SKIPPED.has(t.status));
      if (skipped.length === 0) continue;
      count += skipped.length;
      const reasons = new Set(
        skipped.map((t) => {
          const marked = [...t.ancestorTitles, t.title].map((s) => MARK.exec(s)?.[1]).find(Boolean);
          return marked ?? 'marked skip/todo in the file';
        }),
      );
      const name = path.relative(process.cwd(), file.testFilePath);
      lines.push(`  ${name} (${skipped.length}): ${[...reasons].join('; ')}`);
    }
    if (lines.length === 0) return;
    const head = `Skipped: ${count} test${count === 1 ? '' : 's'} in ${lines.length} file${lines.length === 1 ? '' : 's'}`;
    process.stderr.write(`\n${head}\n${lines.join('\n')}\n`);
    if (inCi()) {
      this.error = new Error('CI=true and tests were skipped: CI must run every test');
      process.stderr.write(`${this.error.message}\n`);
    }
  }

  getLastError() {
    return this.error;
  }
}
