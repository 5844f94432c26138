/**
 * Cron in an IANA time zone, DST-correct, through cron-parser (luxon underneath): a local time
 * that does not exist on a spring-forward day is skipped, one that occurs twice fires once.
 */
import { CronExpressionParser } from 'cron-parser';

/** Null when `tz` is a time zone this runtime knows, else the reason. */
export function checkTimeZone(tz: string): string | null {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return null;
  } catch {
    return 'must be an IANA time zone (e.g. Europe/Berlin)';
  }
}

/** Null when `expr` is a valid 5- or 6-field cron expression, else the reason. */
export function checkCron(expr: string): string | null {
  const fields = expr.trim().split(/\s+/).length;
  if (fields < 5 || fields > 6) return 'must be a cron expression of 5 or 6 fields';
  try {
    CronExpressionParser.parse(expr, { tz: 'UTC' });
    return null;
  } catch {
    return 'must be a valid cron expression (e.g. "0 9 * * 1-5")';
  }
}

/**
 * The latest occurrence at or before `now` (epoch ms), or undefined when none within the last
 * `lookbackMs`. cron-parser's prev() is strictly before its start, hence the +1 ms.
 */
export function lastOccurrence(
  expr: string,
  tz: string,
  now: number,
  lookbackMs: number,
): number | undefined {
  try {
    const it = CronExpressionParser.parse(expr, {
      tz,
      currentDate: new Date(now + 1),
      startDate: new Date(now - lookbackMs), // prev() stops at startDate
    });
    return it.prev().getTime();
  } catch {
    return undefined; // no occurrence in range (or an expression the parser rejected)
  }
}
