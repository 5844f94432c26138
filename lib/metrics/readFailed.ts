/** A metric read that threw: its own failure, never the run's (lib/metrics/reader.ts). */
import { isPrometheusSource, type MetricSource } from '../spec/types.js';
import { describeUrl } from './redact.js';
import type { MetricResult } from './types.js';

/** The message names the URL (`host/path`) and the error's class, never its text. */
export function readFailed(
  source: MetricSource,
  err: unknown,
): Extract<MetricResult, { ok: false }> {
  const url = isPrometheusSource(source) ? source.serverAddress : source.url;
  const kind = err instanceof Error ? err.name : typeof err;
  return { ok: false, kind: 'parse', message: `${describeUrl(url)}: failed (internal ${kind})` };
}
