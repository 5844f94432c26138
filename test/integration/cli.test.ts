/** The CLI in-process against a real API server: output formats, exit codes, the loop's clean stop. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { main, EXIT } from '../../lib/cli/main.js';
import { createDeployment, createScaling, getReplicas } from '../../tools/admin.js';
import { describeIfCluster } from '../harness/controlPlane.js';
import { useCluster } from '../support/builders/cluster.js';
import { useEnv } from '../support/builders/env.js';
import { LOOPBACK_ENV } from '../support/builders/runs.js';
import { useMetricServer } from '../support/builders/servers.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

describeIfCluster('business-scaler CLI', () => {
  const cp = useCluster({ namespaces: ['cli'], leaseNamespace: true });
  useEnv(LOOPBACK_ENV);
  const metrics = useMetricServer({ value: () => 1000 });

  beforeAll(async () => {
    await createDeployment(cp(), 'cli', 'web', 1);
    const spec = (target: string) => ({
      targetDeployment: target,
      targetNamespace: 'cli',
      metricSource: `${metrics().baseUrl}/users`,
      scaleThresholds: { minUsers: 100, maxUsers: 1000, minReplicas: 1, maxReplicas: 4 },
    });
    await createScaling(cp(), { metadata: { name: 'web' }, spec: spec('web') });
    await createScaling(cp(), { metadata: { name: 'orphan' }, spec: spec('missing') });
  });

  const kubeconfig = () => ['--kubeconfig', cp().kubeconfig('admin')];

  it('--dry-run --output json reports without writing; a resource in error gives exit 3', async () => {
    const c = capture();
    const code = await main(
      ['reconcile', '--once', '--dry-run', '--output', 'json', ...kubeconfig()],
      c.io,
    );
    expect(code).toBe(EXIT.resourceProblems);
    const report = JSON.parse(c.out.join('\n')) as {
      resources: { name: string; action: string }[];
    };
    expect(report.resources.map((r) => [r.name, r.action])).toEqual([
      ['orphan', 'error'],
      ['web', 'scaled'],
    ]);
    expect((await getReplicas(cp(), 'Deployment', 'cli', 'web')).spec).toBe(1);
  });

  it('KUBECONFIG of two files joined with ":" (cluster+user in one, context in the other), as kubectl', async () => {
    const admin = parse(readFileSync(cp().kubeconfig('admin'), 'utf8')) as Record<string, unknown>;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeconfig-'));
    const saved = process.env.KUBECONFIG;
    try {
      const access = path.join(dir, 'access.yaml');
      const context = path.join(dir, 'context.yaml');
      const { contexts, 'current-context': current, ...rest } = admin;
      writeFileSync(access, stringify(rest));
      const config = { apiVersion: 'v1', kind: 'Config', contexts, 'current-context': current };
      writeFileSync(context, stringify(config));
      expect(readFileSync(access, 'utf8')).not.toContain('current-context');
      expect(readFileSync(context, 'utf8')).not.toContain('server:');
      process.env.KUBECONFIG = [access, context].join(path.delimiter);
      const c = capture();
      const code = await main(
        ['reconcile', '--dry-run', '--name', 'web', '--output', 'json'],
        c.io,
      );
      expect(c.err.join('\n')).not.toMatch(/cannot start/);
      expect(code).toBe(EXIT.ok);
      const report = JSON.parse(c.out.join('\n')) as { resources: { action: string }[] };
      expect(report.resources.map((r) => r.action)).toEqual(['scaled']);
      expect((await getReplicas(cp(), 'Deployment', 'cli', 'web')).spec).toBe(1);
    } finally {
      if (saved === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an unreadable --kubeconfig is reported before anything runs, exit 1', async () => {
    const c = capture();
    const missing = `${cp().dir}/no-such.kubeconfig`;
    expect(await main(['reconcile', '--once', '--kubeconfig', missing], c.io)).toBe(EXIT.runFailed);
    expect(c.err.join('\n')).toMatch(/^cannot start: /);
    expect(c.out).toEqual([]);
  });

  it('--name reconciles one resource, table output, exit 0', async () => {
    const c = capture();
    const code = await main(['reconcile', '--name', 'web', ...kubeconfig()], c.io);
    expect(code).toBe(EXIT.ok);
    expect(c.out.join('\n')).toMatch(
      /^NAME\s+TARGET\s+METRICS\s+CURRENT\s+DESIRED\s+ACTION\s+REASON\nweb\s+Deployment\/cli\/web\s+active_users=1000\s+1\s+4\s+scaled/,
    );
    expect((await getReplicas(cp(), 'Deployment', 'cli', 'web')).spec).toBe(4);
  });

  it('a bad option is a usage error, exit 2', async () => {
    const c = capture();
    expect(await main(['reconcile', '--output', 'yaml'], c.io)).toBe(EXIT.usage);
    expect(c.err.join('\n')).not.toBe('');
  });

  it('--every loops until SIGTERM and then exits 0', async () => {
    const c = capture();
    const running = main(['reconcile', '--every', '200ms', '--name', 'web', ...kubeconfig()], c.io);
    await new Promise((r) => setTimeout(r, 1500));
    process.emit('SIGTERM');
    expect(await running).toBe(EXIT.ok);
    expect(
      c.err.filter((l) => l.startsWith('reconciled 1 BusinessScaling')).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('--name of a resource that does not exist says so and exits 3', async () => {
    const c = capture();
    const code = await main(['reconcile', '--name', 'no-such', ...kubeconfig()], c.io);
    expect(code).toBe(EXIT.resourceProblems);
    expect(c.err).toContain('no BusinessScaling named "no-such"');
  });

  it('a hanging API server fails the run within KUBE_TIMEOUT_MS, naming the server, one message', async () => {
    const sockets = new Set<Socket>();
    const hang = createServer((s) => void sockets.add(s)); // accepts, never answers
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
    const server = `https://127.0.0.1:${(hang.address() as AddressInfo).port}`;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bs-cli-'));
    const file = path.join(dir, 'kubeconfig');
    writeFileSync(
      file,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'c', cluster: { server, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'u', user: { token: 't' } }],
        contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'c',
      }),
    );
    process.env.KUBE_TIMEOUT_MS = '500';
    try {
      const c = capture();
      expect(await main(['reconcile', '--kubeconfig', file], c.io)).toBe(EXIT.runFailed);
      // The first request is the shard's Lease (a GET), then the list: either names the server.
      expect(c.err).toEqual([
        `run failed: GET coordination.k8s.io/v1 leases business-scaling-system/business-scaler-shard-0-of-1: timed out (API server ${server})`,
      ]);
    } finally {
      delete process.env.KUBE_TIMEOUT_MS;
      sockets.forEach((s) => s.destroy());
      await new Promise((r) => hang.close(r));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
