/**
 * A throwaway Kubernetes control plane for integration tests, envtest-style: etcd +
 * kube-apiserver (+ optional kube-controller-manager) from `KUBEBUILDER_ASSETS`, on free
 * 127.0.0.1 ports, in a fresh temp dir, with RBAC on and two bearer-token identities:
 * `admin` (system:masters) and `scaler` (no groups: no rights until a test binds some).
 * Each test file starts its own (`useControlPlane()` in test/harness), so files run in parallel;
 * the bench and the demo start one too.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeCredentials, writeKubeconfig } from './credentials.js';
import { apiServerFlags, etcdFlags } from './controlPlaneFlags.js';
import { lookUpAssets, type Assets, type NoAssets } from './envtest/resolve.js';
import {
  freePorts,
  processCpuMs,
  httpsStatus,
  isDead,
  killGroup,
  startProcess,
  stopProcesses,
  waitFor,
} from './processes.js';

export interface ControlPlane {
  /** `https://127.0.0.1:<port>` */
  readonly server: string;
  /** PEM file of the self-signed serving certificate (the cluster CA). */
  readonly caFile: string;
  /** The same certificate, base64 of the PEM (kubeconfig `certificate-authority-data`). */
  readonly caData: string;
  readonly adminToken: string;
  readonly scalerToken: string;
  /**
   * The `--token-auth-file` CSV (`token,user,uid[,"group,…"]`). Tests may rewrite it, but
   * kube-apiserver 1.20 reads it only at start-up: a new token needs a new control plane.
   */
  readonly tokenFile: string;
  /** One more token per `extraTokens` entry of the start options, in that order. */
  readonly extraTokens: readonly string[];
  /** Temp dir with certs, kubeconfigs, etcd data and `*.log` of each process. */
  readonly dir: string;
  /** Path of a kubeconfig file for that identity. */
  kubeconfig(user: 'admin' | 'scaler'): string;
  /**
   * CPU milliseconds (user + system) each process has used so far, by name (`etcd`,
   * `kube-apiserver`, …), read from /proc; `undefined` where there is no /proc (not Linux).
   */
  cpuMs(): Record<string, number> | undefined;
  /** SIGKILLs kube-apiserver (etcd keeps the data); `startApiServer` brings it back on its port. */
  killApiServer(): Promise<void>;
  /** Starts kube-apiserver again with the same flags and waits until it is ready. */
  startApiServer(): Promise<void>;
  /** Kills the processes and removes `dir`. Idempotent. */
  stop(): Promise<void>;
}

let assets: Assets | NoAssets | undefined;

/** Where the assets come from (see tools/envtest/resolve.ts), looked up once per process; no network. */
export function assetsStatus(): Assets | NoAssets {
  assets ??= lookUpAssets();
  return assets;
}

/** The envtest assets dir (`etcd`, `kube-apiserver`, optionally `kube-controller-manager`), if any. */
export function findAssets(): string | undefined {
  const found = assetsStatus();
  return 'dir' in found ? found.dir : undefined;
}

/** One line: which assets, or exactly what to run to get them. */
export function assetsLine(): string {
  const found = assetsStatus();
  return 'dir' in found ? `envtest assets: ${found.source}` : `${found.why}: ${found.hint}`;
}

export interface ControlPlaneOptions {
  /** The assets dir; default: `findAssets()`. */
  readonly assets?: string;
  readonly controllers?: boolean;
  /** kube-apiserver `--feature-gates` (benches compare e.g. `ServerSideApply=false`). */
  readonly featureGates?: string;
  /** More bearer tokens in the token file (e.g. a second one for `scaler`, to rotate to). */
  readonly extraTokens?: readonly {
    readonly user: string;
    readonly groups?: readonly string[];
    /** Default: random. A fixed one lets several control planes accept the same token. */
    readonly token?: string;
  }[];
}

export async function startControlPlane(
  opts: ControlPlaneOptions = {},
): Promise<ControlPlane | undefined> {
  const bin = opts.assets ?? findAssets();
  if (!bin) return undefined;
  if (opts.controllers === true && !existsSync(path.join(bin, 'kube-controller-manager'))) {
    throw new Error(`no kube-controller-manager in ${bin} (envtest releases do not ship one)`);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(bin, opts);
    } catch (e) {
      // Another worker may have taken a "free" port between our probe and the bind.
      if (attempt >= 3 || !String(e).includes('address already in use')) throw e;
    }
  }
}

/** etcd fsyncs every write and the data is throwaway: keep it in memory (/dev/shm) where there is one. */
function scratchDir(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
}

async function launch(bin: string, opts: ControlPlaneOptions): Promise<ControlPlane> {
  const controllers = opts.controllers === true;
  const dir = mkdtempSync(path.join(scratchDir(), 'business-scaler-cp-'));
  const procs: ChildProcess[] = [];
  const stop = () => stopProcesses(procs, dir);
  try {
    const { caFile, keyFile, adminToken, scalerToken, tokenFile } = writeCredentials(dir);
    const extraTokens = (opts.extraTokens ?? []).map(({ user, groups, token: fixed }) => {
      const token = fixed ?? randomBytes(16).toString('hex');
      const groupColumn = groups?.length ? `,"${groups.join(',')}"` : '';
      appendFileSync(tokenFile, `${token},${user},${user}${groupColumn}\n`);
      return token;
    });
    const [etcdPort, peerPort, apiPort] = await freePorts(3);
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const peerUrl = `http://127.0.0.1:${peerPort}`;
    procs.push(startProcess(bin, 'etcd', dir, etcdFlags(dir, etcdUrl, peerUrl)));
    const apiFlags = apiServerFlags(dir, etcdUrl, apiPort!, { caFile, keyFile, tokenFile }, opts);
    procs.push(startProcess(bin, 'kube-apiserver', dir, apiFlags));
    const server = `https://127.0.0.1:${apiPort}`;
    const caPem = readFileSync(caFile);
    const caData = caPem.toString('base64');
    const kubeconfigs = {
      admin: path.join(dir, 'admin.kubeconfig'),
      scaler: path.join(dir, 'scaler.kubeconfig'),
    };
    writeKubeconfig(kubeconfigs.admin, server, caData, 'admin', adminToken);
    writeKubeconfig(kubeconfigs.scaler, server, caData, 'scaler', scalerToken);
    // /readyz, then the `default` namespace (created by a controller shortly after ready).
    const ready = () =>
      waitFor(procs, dir, () => httpsStatus(`${server}/readyz`, caPem, adminToken));
    await ready();
    await waitFor(procs, dir, () =>
      httpsStatus(`${server}/api/v1/namespaces/default`, caPem, adminToken),
    );
    if (controllers) {
      procs.push(
        startProcess(bin, 'kube-controller-manager', dir, {
          kubeconfig: kubeconfigs.admin,
          controllers: 'deployment,replicaset,statefulset',
          'leader-elect': 'false',
          port: '0',
          'secure-port': '0',
        }),
      );
    }
    const kubeconfig = (user: 'admin' | 'scaler') => kubeconfigs[user];
    const apiIndex = procs.findIndex((p) => path.basename(p.spawnfile) === 'kube-apiserver');
    const killApiServer = async () => {
      const api = procs[apiIndex];
      if (!api || isDead(api)) return;
      const exited = new Promise((resolve) => api.once('exit', resolve));
      killGroup(api, 'SIGKILL');
      await exited;
    };
    const startApiServer = async () => {
      procs[apiIndex] = startProcess(bin, 'kube-apiserver', dir, apiFlags);
      await ready();
    };
    return {
      server,
      caFile,
      caData,
      adminToken,
      scalerToken,
      tokenFile,
      extraTokens,
      dir,
      kubeconfig,
      cpuMs: () => processCpuMs(procs),
      killApiServer,
      startApiServer,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
