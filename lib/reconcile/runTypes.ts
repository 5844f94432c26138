/** What a run is given (lib/reconcile/run.ts): its ports, settings and clock, and its options. */
import type { Settings } from '../config.js';
import type { TokenCache } from '../auth/oauth2.js';
import type { TokenSource } from '../auth/resolve.js';
import type { ChoiceCache } from '../forecast/choiceCache.js';
import type { HistorySource } from '../history/source.js';
import type { KubePort } from '../kube/port.js';
import type { BodyResult, MetricFetchOptions } from '../metrics/types.js';
import type { LeaseWatch } from '../lease/watch.js';
import type { Shard } from '../shard/shard.js';

export interface Logger {
  info(line: string): void;
  warn(line: string): void;
}

export interface RunDeps {
  readonly kube: KubePort;
  readonly settings: Settings;
  readonly log: Logger;
  readonly now?: () => Date;
  /** Injected in tests; defaults to the shared keep-alive axios fetch. */
  readonly fetchBody?: (url: string, opts: MetricFetchOptions) => Promise<BodyResult>;
  /** Entra ID tokens for metric `auth.azure`; default: the managed identity, on first use. */
  readonly metricCredential?: () => Promise<TokenSource>;
  /** OAuth2 client-credentials tokens; default: the process's cache. */
  readonly oauth2Tokens?: TokenCache;
  /** The lease holder identity; default: this process's (lib/lease/identity.ts). */
  readonly leaseIdentity?: string;
  /** What this process saw of each Lease, on its monotonic clock; default: the process's. */
  readonly leaseWatch?: LeaseWatch;
  /** `spec.forecast`'s history (lib/history/factory.ts) and its model choices, per process. */
  readonly history?: HistorySource;
  readonly forecastChoices?: ChoiceCache;
}

export interface RunOptions {
  readonly dryRun?: boolean;
  /** Reconcile only the BusinessScaling with this name. */
  readonly name?: string;
  /** Reconcile only the resources of this shard (lib/shard); conflicts still span all. Default 0/1. */
  readonly shard?: Shard;
  /**
   * A one-shot process (`reconcile --once`) has seen no Lease before: it watches a held one for
   * up to a duration for a sign of life before it skips, so a dead holder's Lease is taken over.
   * Otherwise a held Lease skips at once and the process's watch remembers it for its next run.
   */
  readonly waitForLease?: boolean;
  /**
   * The longest one of our writes can still land after it was recorded (ms), from the lease's
   * write deadline; default: a conservative bound from the settings (lib/record/writeLifetime.ts).
   */
  readonly writeLifetimeMs?: number;
  /** How far two writers' clocks may disagree (ms; lib/reconcile/context.ts). Default: `CLOCK_SKEW_SECONDS`. */
  readonly clockMarginMs?: number;
}
