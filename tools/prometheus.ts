/**
 * A real Prometheus server (Debian's `prometheus` package, /usr/bin/prometheus) for tests: listens
 * on 127.0.0.1 only, scrapes the given 127.0.0.1 targets every second, keeps its data in a temp
 * dir, and is stopped (and its dir removed) by `stop()` or, if Jest dies, by the process watchdog.
 * `openMetrics` backfills history before it starts (`promtool tsdb create-blocks-from
 * openmetrics`, the same package), kept whatever its age.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePorts, logTail, startProcess, stopProcesses } from './processes.js';

export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';

/** Why a real Prometheus cannot run here (and how to get one), or undefined when it can. */
export function prometheusMissing(): string | undefined {
  if (existsSync(PROMETHEUS_BIN)) return undefined;
  return `no Prometheus binary at ${PROMETHEUS_BIN}; apt-get install prometheus (or set PROMETHEUS_BIN)`;
}

export const PROMTOOL_BIN =
  process.env.PROMTOOL_BIN ?? path.join(path.dirname(PROMETHEUS_BIN), 'promtool');

/** `prometheusMissing`, and promtool (backfill) too. */
export function promtoolMissing(): string | undefined {
  if (existsSync(PROMTOOL_BIN)) return prometheusMissing();
  return `no promtool at ${PROMTOOL_BIN}; apt-get install prometheus (or set PROMTOOL_BIN)`;
}

export interface PrometheusServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** Undefined when the binary is not installed (`apt-get install -y prometheus`). */
export async function startPrometheus(
  targets: readonly string[],
  options: {
    readonly openMetrics?: string;
    readonly flags?: Readonly<Record<string, string>>;
  } = {},
): Promise<PrometheusServer | undefined> {
  if (!existsSync(PROMETHEUS_BIN)) return undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bs-prom-'));
  if (options.openMetrics !== undefined) {
    const file = path.join(dir, 'backfill.om');
    writeFileSync(file, options.openMetrics);
    const args = ['tsdb', 'create-blocks-from', 'openmetrics', '-q', file, path.join(dir, 'data')];
    await promisify(execFile)(PROMTOOL_BIN, args, { timeout: 120_000 });
  }
  const [port] = await freePorts(1);
  const config = {
    global: { scrape_interval: '1s', evaluation_interval: '1s' },
    scrape_configs: [{ job_name: 'exporter', static_configs: [{ targets }] }],
  };
  writeFileSync(path.join(dir, 'prometheus.yml'), JSON.stringify(config)); // JSON is YAML
  const child = startProcess(path.dirname(PROMETHEUS_BIN), path.basename(PROMETHEUS_BIN), dir, {
    'config.file': path.join(dir, 'prometheus.yml'),
    'storage.tsdb.path': path.join(dir, 'data'),
    'web.listen-address': `127.0.0.1:${port}`,
    'storage.tsdb.retention.time': '100y', // backfilled history, whatever its age
    ...options.flags,
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => stopProcesses([child], dir);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { url, stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  const tail = logTail(dir, path.basename(PROMETHEUS_BIN));
  await stop();
  throw new Error(`prometheus did not become ready:\n${tail}`);
}
