/** `business-scaler backtest …` arguments. Pure. */
import { parseArgs } from 'node:util';
import { parsePromFlags, type PromInput } from './backtestPromArgs.js';

export const BACKTEST_FORMATS = ['table', 'json', 'svg'] as const;
export type BacktestFormat = (typeof BACKTEST_FORMATS)[number];
export const REFERENCES = ['reactive', 'crude', 'perfect'] as const;
export type ReferenceName = (typeof REFERENCES)[number];

export interface BacktestCommand {
  readonly command: 'backtest';
  readonly specs: readonly string[];
  /** Exactly one of `series` (a CSV file) and `prometheus` (a range query) is set. */
  readonly series?: string;
  readonly prometheus?: PromInput;
  readonly references: readonly ReferenceName[];
  /** Default: the series' step (a pod asked for at one tick serves from the next). */
  readonly startupSeconds?: number;
  readonly warmupDays: number;
  readonly format: BacktestFormat;
  readonly out?: string;
}

export const BACKTEST_USAGE = `       business-scaler backtest --series <demand.csv> --spec <resource.yaml> [--spec …]
                          [--reference reactive,crude,perfect] [--startup-seconds N]
                          [--warmup-days D] [--format table|json|svg] [--out <file>]
       business-scaler backtest --prometheus <url> --query <promql> --start <iso> --end <iso>
                          --step <dur> [--metric <name>] [--bearer-token-env <VAR>]
                          --spec <resource.yaml> [--spec …] [--reference …] [--startup-seconds N]
                          [--warmup-days D] [--format table|json|svg] [--out <file>]

  backtest            replay a demand series (CSV time,<metric>: the demand of each bucket,
                      ISO 8601 times, one step apart) through the reconciler's own decision
                      code for each spec side by side; a tick reads the previous bucket, a pod
                      serves --startup-seconds after it was asked for (default one step); score:
                      under-provisioned pod-minutes, pod-hours, flaps, worst shortfall, from
                      day --warmup-days (14) on. References use the first spec without forecast.
                      --prometheus: the series is the range query (/api/v1/query_range) from
                      --start to --end every --step, as column --metric (default: the first
                      spec's first metric); docs/backtest-prometheus.md`;

const whole = (raw: string | undefined, flag: string): number | undefined => {
  if (raw === undefined) return undefined;
  if (!/^\d{1,9}$/.test(raw)) throw new Error(`${flag} must be a whole number >= 0`);
  return Number(raw);
};

/** Throws a plain Error with a usage message; the caller maps it to its UsageError. */
export function parseBacktestArgs(args: readonly string[]): BacktestCommand {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: {
      spec: { type: 'string', multiple: true },
      series: { type: 'string' },
      reference: { type: 'string' },
      'startup-seconds': { type: 'string' },
      'warmup-days': { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string', short: 'o' },
      prometheus: { type: 'string' },
      query: { type: 'string' },
      start: { type: 'string' },
      end: { type: 'string' },
      step: { type: 'string' },
      metric: { type: 'string' },
      'bearer-token-env': { type: 'string' },
    },
  });
  const specs = values.spec ?? [];
  const prometheus = parsePromFlags(values);
  if (specs.length === 0 || (values.series === undefined) === (prometheus === undefined)) {
    throw new Error('backtest needs one of --series and --prometheus, and at least one --spec');
  }
  const format = values.format ?? 'table';
  if (!(BACKTEST_FORMATS as readonly string[]).includes(format)) {
    throw new Error(`--format must be one of ${BACKTEST_FORMATS.join(', ')}`);
  }
  const references = (values.reference ?? '').split(',').filter((r) => r !== '');
  const unknown = references.filter((r) => !(REFERENCES as readonly string[]).includes(r));
  if (unknown.length > 0) throw new Error(`--reference must be among ${REFERENCES.join(', ')}`);
  const startupSeconds = whole(values['startup-seconds'], '--startup-seconds');
  return {
    command: 'backtest',
    specs,
    ...(values.series !== undefined && { series: values.series }),
    ...(prometheus !== undefined && { prometheus }),
    references: references as ReferenceName[],
    warmupDays: whole(values['warmup-days'], '--warmup-days') ?? 14,
    format: format as BacktestFormat,
    ...(startupSeconds !== undefined && { startupSeconds }),
    ...(values.out !== undefined && { out: values.out }),
  };
}
