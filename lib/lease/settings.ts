/**
 * Lease settings, read from the environment by lib/config.ts: where the shard Leases live, how
 * long a taker waits, the holder's renew deadline and the run-wide write deadline. Whether they
 * can be safe together with `KUBE_TIMEOUT_MS` is checked by `checkTiming` (writeBound.ts).
 */
import { MAX_LEASE_SECONDS } from './record.js';

export interface LeaseSettings {
  /** `LEASE_NAMESPACE`: where the shard leases (coordination.k8s.io/v1 Lease) live. */
  readonly leaseNamespace: string;
  /** `LEASE_DURATION_SECONDS`: a taker waits this long, on its own clock, after the last change it saw. */
  readonly leaseDurationSeconds: number;
  /**
   * `LEASE_RENEW_DEADLINE_SECONDS`: a holder that has not renewed for this long stops; it starts no
   * write later than this minus KUBE_TIMEOUT_MS and a landing slack (writeBound.ts). Default: two
   * thirds of LEASE_DURATION_SECONDS (client-go: 10 s of 15 s).
   */
  readonly leaseRenewDeadlineSeconds: number;
  /** `RUN_DEADLINE_SECONDS`: no write of a run starts later than this after the run started. */
  readonly runDeadlineSeconds: number;
  /**
   * `CLOCK_SKEW_SECONDS`: how far two writers' wall clocks may disagree. Time stamps written by
   * one run are read by another: a pending step counts this much longer (lib/reconcile/context.ts).
   */
  readonly clockSkewSeconds: number;
}

export const LEASE_DEFAULTS = {
  leaseNamespace: 'business-scaling-system',
  leaseDurationSeconds: 30,
  runDeadlineSeconds: 300,
  clockSkewSeconds: 0,
} as const;

type Env = Readonly<Record<string, string | undefined>>;

const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function readSeconds(env: Env, name: string, fallback: number, max: number, min = 1): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new Error(`setting ${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

export function readLeaseSettings(env: Env): LeaseSettings {
  const leaseNamespace = env.LEASE_NAMESPACE?.trim() || LEASE_DEFAULTS.leaseNamespace;
  if (leaseNamespace.length > 63 || !NAMESPACE.test(leaseNamespace)) {
    throw new Error(`setting LEASE_NAMESPACE: not a namespace: "${leaseNamespace}"`);
  }
  const duration = LEASE_DEFAULTS.leaseDurationSeconds;
  const leaseDurationSeconds = readSeconds(
    env,
    'LEASE_DURATION_SECONDS',
    duration,
    MAX_LEASE_SECONDS,
  );
  const renewDefault = Math.max(1, Math.floor((leaseDurationSeconds * 2) / 3));
  return {
    leaseNamespace,
    leaseDurationSeconds,
    leaseRenewDeadlineSeconds: readSeconds(
      env,
      'LEASE_RENEW_DEADLINE_SECONDS',
      renewDefault,
      MAX_LEASE_SECONDS,
    ),
    runDeadlineSeconds: readSeconds(
      env,
      'RUN_DEADLINE_SECONDS',
      LEASE_DEFAULTS.runDeadlineSeconds,
      3600,
    ),
    clockSkewSeconds: readSeconds(
      env,
      'CLOCK_SKEW_SECONDS',
      LEASE_DEFAULTS.clockSkewSeconds,
      3600,
      0,
    ),
  };
}
