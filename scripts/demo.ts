/**
 * `npm run demo`: real scaling decisions in under a minute. A local control plane from the
 * envtest assets, else the current kubeconfig's cluster (after saying what it will create and
 * being told yes); a Deployment per spec form; a local metric server playing a traffic curve;
 * the reconciler every few seconds, on the demo's own resources only; a live table.
 * Options: --seconds N (36) --every N (3) --yes (or DEMO_YES=1) --kubeconfig <file>
 */
import { parseArgs } from 'node:util';
import { runDemo } from './demoRun.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '36' },
    every: { type: 'string', default: '3' },
    yes: { type: 'boolean', short: 'y', default: false },
    kubeconfig: { type: 'string' },
  },
});
const stop = new AbortController();
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => stop.abort());
const code = await runDemo(
  {
    seconds: Number(values.seconds),
    everyMs: Number(values.every) * 1000,
    yes: values.yes || process.env.DEMO_YES === '1',
    kubeconfig: values.kubeconfig,
    signal: stop.signal,
  },
  (line = '') => process.stdout.write(line + '\n'),
);
// Exit explicitly: keep-alive connection pools would otherwise hold the process open.
process.exit(stop.signal.aborted ? 130 : code);
