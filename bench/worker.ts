/**
 * The reconciler under benchmark, in its own process as a timer-triggered Functions worker or
 * `business-scaler reconcile --every` would be: it loads once, then runs a reconcile each time a
 * line arrives on stdin and answers with one JSON line (wall time, its own CPU, API requests,
 * peak RSS so far). The first run is cold (fresh JIT, no open connections), later ones warm.
 * With a shard (`i/n`, for `npm run bench:shards`) it reconciles only that shard, as one
 * instance of the queue fan-out would.
 *   node dist/bench/worker.js <kubeconfig> <metricConcurrency> [shard i/n]
 * With BENCH_PROFILE_DIR set, each run writes `run-<n>.cpuprofile` there (`--profile`);
 * BENCH_CLIENT (`token`, default, or `kubeconfig`) picks the API client (`openKube`).
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseSettings } from '../lib/config.js';
import type { KubePort } from '../lib/kube/port.js';
import { createRestPort, type RequestCounters } from '../lib/kube/restPort.js';
import { createTokenTransport } from '../lib/kube/transport.js';
import { reconcileAll } from '../lib/reconcile/run.js';
import { parseShard } from '../lib/shard/shard.js';
import { sampleMemory } from './memory.js';
import { startProfile } from './profile.js';

const [kubeconfig, concurrency, shardArg] = process.argv.slice(2);
const shard = shardArg === undefined ? undefined : parseShard(shardArg);
if (typeof shard === 'string') throw new Error(shard);
const profileDir = process.env.BENCH_PROFILE_DIR;
const settings = parseSettings({
  ...process.env,
  METRIC_CONCURRENCY: concurrency,
  // Every bench endpoint is on one host: the per-host limit would otherwise be the bound.
  METRIC_CONCURRENCY_PER_HOST: concurrency,
  METRIC_ALLOWED_NETWORKS: '127.0.0.0/8',
});
const counters: RequestCounters = { byVerb: {} };
const kube = await openKube(kubeconfig ?? '', process.env.BENCH_CLIENT ?? 'token');

/**
 * `token`: a bearer token over one undici pool that trusts the cluster CA, as the Functions app
 * talks to AKS (lib/kube/aks.ts); `kubeconfig`: through client-node's kubeconfig loading, as the
 * CLI does (lib/kube/client.ts), which loads client-node's generated API (~27 MB of heap).
 */
async function openKube(file: string, client: string): Promise<KubePort> {
  if (client === 'kubeconfig') {
    const { createKubePort, loadKubeConfig } = await import('../lib/kube/client.js');
    return createKubePort(loadKubeConfig({ kubeconfig: file }), { counters });
  }
  // The control plane's kubeconfig (tools/credentials.ts) is JSON: one cluster, one token.
  const config = JSON.parse(readFileSync(file, 'utf8')) as {
    clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { user: { token: string } }[];
  };
  const cluster = config.clusters[0]?.cluster;
  const token = config.users[0]?.user.token;
  if (!cluster || token === undefined) throw new Error(`${file}: no cluster or token`);
  const endpoint = {
    name: 'bench',
    server: cluster.server,
    caData: cluster['certificate-authority-data'],
  };
  const transport = createTokenTransport(endpoint, () => Promise.resolve(token), 10_000);
  return createRestPort(transport, { counters });
}

const quiet = { info: () => {}, warn: () => {} };

const say = (value: unknown) => process.stdout.write(JSON.stringify(value) + '\n');
say({ ready: true });
let runs = 0;
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === '') continue;
  for (const verb of Object.keys(counters.byVerb)) delete counters.byVerb[verb];
  runs += 1;
  const stopProfile = profileDir ? await startProfile() : undefined;
  const memory = sampleMemory();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const report = await reconcileAll({ kube, settings, log: quiet }, { shard });
  const wallMs = Math.round(performance.now() - started);
  const cpu = process.cpuUsage(cpuBefore);
  const peaks = memory();
  await stopProfile?.(profileDir ?? '.', `run-${runs}`);
  say({
    wallMs,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    cpuSystemMs: Math.round(cpu.system / 1000),
    rssMB: Math.round(process.memoryUsage.rss() / 2 ** 20),
    heapUsedMB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    byVerb: { ...counters.byVerb },
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    peaks,
    summary: report.summary,
  });
}
process.exit(0);
