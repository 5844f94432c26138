/**
 * One cold start in its own process: import a timer function module (unbundled tsc output or
 * the esbuild bundle), run one reconcile, print `{ms, rssMB}`: time since this process started
 * (`performance.now()` counts from the process's time origin) at the end of the reconcile, and
 * the peak RSS so far.
 *   node dist/bench/coldstartRun.js <module path>      (KUBECONFIG names the cluster)
 */
import { pathToFileURL } from 'node:url';

type Handler = (timer: unknown, context: unknown) => Promise<void>;

const [modulePath] = process.argv.slice(2);
if (!modulePath) throw new Error('usage: coldstartRun.js <function module>');
const mod = (await import(pathToFileURL(modulePath).href)) as { reconcileTimer: Handler };
const lines: string[] = [];
const context = {
  log: (l: string) => lines.push(l),
  info: (l: string) => lines.push(l),
  warn: (l: string) => lines.push(l),
  error: (l: string) => lines.push(l),
};
const timer = { isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: {} };
await mod.reconcileTimer(timer, context);
const ms = performance.now();
const summary = lines.find((l) => l.startsWith('reconciled ')) ?? '';
const rssMB = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(JSON.stringify({ ms: Math.round(ms), rssMB, summary }) + '\n');
process.exit(0);
