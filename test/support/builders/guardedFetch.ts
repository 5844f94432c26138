/**
 * The metric fetch of a run, guarded twice for the enclosing file: an HTTP client whose dial
 * refuses anything but loopback (refusals land in `refused`) and the tripwire under it. Tests
 * assert after each case that both stayed empty.
 */
import { parseSettings } from '../../../lib/config.js';
import { createHttpClient, destroyHttpClient, fetchBody } from '../../../lib/metrics/fetch.js';
import type { BodyResult, MetricFetchOptions } from '../../../lib/metrics/types.js';
import { loopbackDial } from '../tripwire.js';
import { LOOPBACK_ENV } from './runs.js';
import { useTripwire } from './servers.js';

export function useGuardedFetch() {
  const refused: string[] = [];
  const settings = parseSettings(LOOPBACK_ENV);
  const client = createHttpClient(8, {
    policy: settings.metricNetwork,
    dial: loopbackDial(refused),
  });
  const tripwire = useTripwire();
  afterAll(() => destroyHttpClient(client));
  return {
    refused,
    tripwire,
    settings,
    fetchBody: (url: string, opts: MetricFetchOptions): Promise<BodyResult> =>
      fetchBody(url, opts, client),
  };
}
