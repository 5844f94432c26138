/** `business-scaler simulate …` arguments. Pure. */
import { parseArgs } from 'node:util';

export const SIMULATE_FORMATS = ['table', 'json', 'csv', 'svg'] as const;
export type SimulateFormat = (typeof SIMULATE_FORMATS)[number];

export interface SimulateCommand {
  readonly command: 'simulate';
  readonly spec: string;
  readonly series: string;
  readonly initialReplicas?: number;
  readonly format: SimulateFormat;
  readonly out?: string;
  /** ISO 8601: what `time` 0 means when the series counts seconds (default 1970-01-01T00:00:00Z). */
  readonly start?: string;
}

export const SIMULATE_USAGE = `       business-scaler simulate --spec <resource.yaml> --series <metrics.csv>
                          [--initial-replicas N] [--format table|json|csv|svg] [--out <file>]
                          [--start <ISO 8601>]

  simulate            replay a metric series through the reconciler's own decision code;
                      CSV header time,<metric names…> (original form: active_users), time in
                      seconds from --start or ISO 8601; an empty cell is a failed read`;

/** Throws a plain Error with a usage message; the caller maps it to its UsageError. */
export function parseSimulateArgs(args: readonly string[]): SimulateCommand {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: {
      spec: { type: 'string' },
      series: { type: 'string' },
      'initial-replicas': { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string', short: 'o' },
      start: { type: 'string' },
    },
  });
  if (values.spec === undefined || values.series === undefined) {
    throw new Error('simulate needs --spec and --series');
  }
  const format = values.format ?? 'table';
  if (!(SIMULATE_FORMATS as readonly string[]).includes(format)) {
    throw new Error(`--format must be one of ${SIMULATE_FORMATS.join(', ')}`);
  }
  const raw = values['initial-replicas'];
  if (raw !== undefined && !/^\d{1,9}$/.test(raw)) {
    throw new Error('--initial-replicas must be a whole number >= 0');
  }
  if (values.start !== undefined && !Number.isFinite(Date.parse(values.start))) {
    throw new Error('--start must be an ISO 8601 timestamp');
  }
  return {
    command: 'simulate',
    spec: values.spec,
    series: values.series,
    format: format as SimulateFormat,
    ...(raw !== undefined && { initialReplicas: Number(raw) }),
    ...(values.out !== undefined && { out: values.out }),
    ...(values.start !== undefined && { start: values.start }),
  };
}
