/**
 * `npx business-scaler reconcile --every …` as a user runs it (`npm exec`, which starts
 * `sh -c`, which starts node): SIGTERM to npm, or Ctrl-C's SIGINT to its group, stops it
 * after the resource in flight, and no process is left behind.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createDeployment, createScaling, getReplicas } from '../../tools/admin.js';
import { describeIfCluster } from '../harness/controlPlane.js';
import { useCluster } from '../support/builders/cluster.js';
import { useMetricServer } from '../support/builders/servers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Pids whose command line contains `marker`. */
function pidsWith(marker: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function until(what: string, ok: () => boolean, tries = 300): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (ok()) return;
    await sleep(100);
  }
  throw new Error(`gave up waiting: ${what}`);
}

describeIfCluster('npx business-scaler reconcile --every: signals', () => {
  const cp = useCluster({ namespaces: ['sig'], leaseNamespace: true });
  const metrics = useMetricServer({ value: () => 1000, latencyMs: 1500 });

  beforeAll(() => {
    // The bin npm exec runs is dist/bin/business-scaler.js: build it from these sources.
    execFileSync('npm', ['run', '-s', 'build'], { stdio: 'ignore' });
  }, 120_000);

  // SIGTERM to npm alone (kill, a CI timeout); SIGINT to npm's process group, as Ctrl-C sends it.
  // SIGINT to npm alone only with --script-shell=bash: sh (dash) keeps waiting (README, Signals).
  it.each([
    ['SIGTERM', 'npm', []],
    ['SIGINT', 'process group', []],
    ['SIGINT', 'npm', ['--script-shell=bash']],
  ] as const)(
    '%s to the %s stops it after the run in flight, leaving no process %j',
    async (signal, to, npmArgs) => {
      const name = `web-${signal.toLowerCase()}-${to === 'npm' ? 'npm' : 'group'}`;
      await createDeployment(cp(), 'sig', name, 1);
      await createScaling(cp(), {
        metadata: { name },
        spec: {
          targetDeployment: name,
          targetNamespace: 'sig',
          metricSource: `${metrics().baseUrl}/users`,
          scaleThresholds: { minUsers: 100, maxUsers: 1000, minReplicas: 1, maxReplicas: 4 },
        },
      });
      const kubeconfig = cp().kubeconfig('admin');
      const args = ['reconcile', '--every', '60s', '--name', name, '--kubeconfig', kubeconfig];
      const npm = spawn('npm', ['exec', ...npmArgs, '--', 'business-scaler', ...args], {
        env: { ...process.env, METRIC_ALLOWED_NETWORKS: '127.0.0.0/8' },
        stdio: ['ignore', 'ignore', 'pipe'],
        detached: true, // its own process group, like a shell job
      });
      let stderr = '';
      npm.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise((resolve) => npm.once('exit', resolve));
      try {
        const before = metrics().requests();
        await until('the metric read in flight', () => metrics().requests() > before).catch((e) => {
          throw new Error(`${String(e)}\n${stderr}`);
        });
        // This run's processes only: the kubeconfig path is unique to this control plane.
        const marker = `--name\0${name}\0--kubeconfig\0${kubeconfig}\0`;
        const node = pidsWith(marker).filter((p) => p !== npm.pid);
        expect(node.length).toBeGreaterThan(0);

        if (to === 'npm') npm.kill(signal);
        else process.kill(-npm.pid!, signal);
        await exited;
        const left = () => pidsWith(marker).map((p) => readFileSync(`/proc/${p}/cmdline`, 'utf8'));
        await until('no business-scaler process left', () => left().length === 0).catch((e) => {
          throw new Error(`${String(e)}: ${left().join(' | ')}\n${stderr}`);
        });
        // The resource in flight was finished: 1000 users → 4 replicas.
        expect(await getReplicas(cp(), 'Deployment', 'sig', name)).toMatchObject({ spec: 4 });
        expect(metrics().requests()).toBe(before + 1); // and no second run started
        expect(stderr).not.toContain('run failed');
      } finally {
        // A failed assertion must not leave the loop running past the test.
        try {
          process.kill(-npm.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    },
    90_000,
  );
});
