/** `backtest --prometheus …`: the range query the demand series comes from. Pure. */
import { MAX_POINTS } from '../history/codec.js';

/** A backtest reads at most this many steps (16 range queries of MAX_POINTS). */
export const MAX_BACKTEST_POINTS = 16 * MAX_POINTS;

export interface PromInput {
  readonly url: string;
  readonly query: string;
  readonly startSeconds: number;
  /** The last step: start + (points − 1) × step, at or before the --end given. */
  readonly endSeconds: number;
  readonly stepSeconds: number;
  /** The column's name; default: the first spec's first metric. */
  readonly metric?: string;
  /** The environment variable holding a bearer token (never the token on the command line). */
  readonly bearerTokenEnv?: string;
}

export interface PromFlags {
  readonly prometheus?: string;
  readonly query?: string;
  readonly start?: string;
  readonly end?: string;
  readonly step?: string;
  readonly metric?: string;
  readonly 'bearer-token-env'?: string;
}

const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `300`, `30s`, `5m`, `1h`, `1d` → seconds. */
export function parseStep(raw: string): number {
  const m = /^(\d{1,9})([smhd]?)$/.exec(raw);
  const seconds = m ? Number(m[1]) * (UNIT[m[2] || 's'] ?? 1) : 0;
  if (seconds < 1) throw new Error('--step must be a duration such as 300, 30s, 5m or 1h (>= 1 s)');
  return seconds;
}

/** An ISO 8601 timestamp or Unix seconds → whole Unix seconds. */
export function parseInstant(raw: string, flag: string): number {
  const ms = /^\d{1,12}$/.test(raw)
    ? Number(raw) * 1000
    : /^\d{4}-\d{2}-\d{2}T/.test(raw)
      ? Date.parse(raw)
      : NaN;
  if (!Number.isFinite(ms))
    throw new Error(`${flag} must be an ISO 8601 timestamp or Unix seconds`);
  if (ms % 1000 !== 0) throw new Error(`${flag} must be a whole second`);
  return ms / 1000;
}

function checkUrl(raw: string): string {
  const ok = URL.canParse(raw) && ['http:', 'https:'].includes(new URL(raw).protocol);
  if (!ok) throw new Error('--prometheus must be an http(s) URL');
  return raw;
}

/** Undefined without --prometheus; throws a usage message on anything missing or invalid. */
export function parsePromFlags(f: PromFlags): PromInput | undefined {
  if (f.prometheus === undefined) {
    const stray = (['query', 'start', 'end', 'step', 'metric', 'bearer-token-env'] as const).find(
      (k) => f[k] !== undefined,
    );
    if (stray) throw new Error(`--${stray} goes with --prometheus`);
    return undefined;
  }
  const { query, start, end, step } = f;
  if (query === undefined || start === undefined || end === undefined || step === undefined) {
    throw new Error('--prometheus needs --query, --start, --end and --step');
  }
  if (query.trim() === '') throw new Error('--query must not be empty');
  const stepSeconds = parseStep(step);
  const startSeconds = parseInstant(start, '--start');
  const last = parseInstant(end, '--end');
  if (last <= startSeconds) throw new Error('--end must be after --start');
  const points = Math.floor((last - startSeconds) / stepSeconds) + 1;
  if (points < 3) throw new Error('--start to --end must hold at least 3 steps');
  if (points > MAX_BACKTEST_POINTS) {
    throw new Error(`--start to --end holds ${points} steps, more than ${MAX_BACKTEST_POINTS}`);
  }
  const env = f['bearer-token-env'];
  if (env !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(env)) {
    throw new Error('--bearer-token-env must name an environment variable');
  }
  return {
    url: checkUrl(f.prometheus),
    query,
    startSeconds,
    endSeconds: startSeconds + (points - 1) * stepSeconds,
    stepSeconds,
    ...(f.metric !== undefined && { metric: f.metric }),
    ...(env !== undefined && { bearerTokenEnv: env }),
  };
}
