/**
 * Field readers for the spec parser. Each `check*` is a pure predicate returning a reason or
 * null; each `read*` reads one key of an object, records a FieldError with the key's full path
 * when the value is missing or wrong, and returns the typed value or undefined. Messages never
 * contain the offending string value (it may be a URL with a secret in it).
 */
import type { StringRule } from './rules.js';
import type { FieldError } from './types.js';

export type Obj = Readonly<Record<string, unknown>>;
export type Check = (value: unknown) => string | null;

/** An object being read, its path (`spec.scaleThresholds`) and the run's error list. */
export interface Reader {
  readonly obj: Obj;
  readonly path: string;
  readonly errors: FieldError[];
}

export interface ReadOptions<T> {
  /** Absent is fine: return this (or undefined when no fallback is given). */
  readonly optional?: boolean;
  readonly fallback?: T;
}

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `undefined` and `null` both mean "not set", as in a JSON merge patch. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

export function report(reader: Reader, key: string, message: string): void {
  reader.errors.push({ field: `${reader.path}.${key}`, message });
}

export function checkString(rule: StringRule): Check {
  const pattern = new RegExp(rule.pattern);
  return (value) => {
    if (typeof value !== 'string') return 'must be a string';
    if (value.length > rule.maxLength) return `must be at most ${rule.maxLength} characters`;
    return pattern.test(value) ? null : `must be ${rule.expected}`;
  };
}

export function checkInteger(minimum: number, maximum = Number.MAX_SAFE_INTEGER): Check {
  return (value) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be an integer';
    if (value < minimum) return `must be greater than or equal to ${minimum}`;
    return value > maximum ? `must be less than or equal to ${maximum}` : null;
  };
}

export const checkPositiveNumber: Check = (value) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
  return value > 0 ? null : 'must be greater than 0';
};

export function checkEnum(allowed: readonly string[]): Check {
  return (value) =>
    typeof value === 'string' && allowed.includes(value)
      ? null
      : `must be one of: ${allowed.join(', ')}`;
}

/** Reads `reader.obj[key]`: the fallback when absent and allowed, undefined when wrong. */
function readChecked(
  reader: Reader,
  key: string,
  check: Check,
  options: ReadOptions<unknown>,
): unknown {
  const value = reader.obj[key];
  if (!isSet(value)) {
    if (options.optional !== true && options.fallback === undefined)
      report(reader, key, 'is required');
    return options.fallback;
  }
  const reason = check(value);
  if (reason === null) return value;
  report(reader, key, reason);
  return undefined;
}

export function readString(
  reader: Reader,
  key: string,
  check: Check,
  options: ReadOptions<string> = {},
): string | undefined {
  return readChecked(reader, key, check, options) as string | undefined;
}

export function readNumber(
  reader: Reader,
  key: string,
  check: Check,
  options: ReadOptions<number> = {},
): number | undefined {
  return readChecked(reader, key, check, options) as number | undefined;
}

/** A nested object as a Reader of its own. */
export function readObject(
  reader: Reader,
  key: string,
  options: ReadOptions<never> = {},
): Reader | undefined {
  const check: Check = (value) => (isObject(value) ? null : 'must be an object');
  const obj = readChecked(reader, key, check, options) as Obj | undefined;
  return obj === undefined
    ? undefined
    : { obj, path: `${reader.path}.${key}`, errors: reader.errors };
}

export function readList(
  reader: Reader,
  key: string,
  minItems: number,
  maxItems: number,
): readonly unknown[] | undefined {
  const check: Check = (value) => {
    if (!Array.isArray(value)) return 'must be a list';
    if (value.length < minItems) return `must have at least ${minItems} item(s)`;
    return value.length > maxItems ? `must have at most ${maxItems} items` : null;
  };
  return readChecked(reader, key, check, {}) as readonly unknown[] | undefined;
}
