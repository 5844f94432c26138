/** KEDA's metadata values are strings ("5", "true", "0.5"); these read them as KEDA does. */
import type { Scope } from './notes.js';
import type { Path } from './types.js';

/** A number written as a string or a number; undefined (with a note) when it is neither. */
export function readNumber(scope: Scope, path: Path, raw: unknown): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : NaN;
  if (Number.isFinite(n)) return n;
  scope.drop(path, 'is not a number (KEDA rejects it too)');
  return undefined;
}

/** A whole number ≥ 0, or undefined with a note. */
export function readCount(scope: Scope, path: Path, raw: unknown): number | undefined {
  const n = readNumber(scope, path, raw);
  if (n === undefined || (Number.isInteger(n) && n >= 0)) return n;
  scope.drop(path, 'is not a whole number >= 0 (KEDA rejects it too)');
  return undefined;
}

/** Go's strconv.ParseBool, as KEDA reads a boolean parameter. */
export function readBool(raw: unknown): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw !== 'string') return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw.trim())) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw.trim())) return false;
  return undefined;
}

export const asString = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

/** `"apiKey, tls"` → `['apiKey', 'tls']`. */
export const splitList = (v: string): string[] =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/**
 * Notes on a trigger's `metadata` keys: `…FromEnv` cannot be carried over (the value lives in the
 * workload's environment), an unknown key is ignored as KEDA ignores it, and a known key in
 * `dropped` is not carried over for the reason given.
 */
export function noteTriggerKeys(
  scope: Scope,
  base: Path,
  meta: Readonly<Record<string, unknown>>,
  trigger: { readonly type: string; readonly known: ReadonlySet<string> },
  dropped: Readonly<Record<string, string>> = {},
): void {
  for (const key of Object.keys(meta)) {
    const at: Path = [...base, 'metadata', key];
    if (key.endsWith('FromEnv'))
      scope.drop(at, "reads the workload's environment: write the value itself");
    else if (!trigger.known.has(key))
      scope.info(at, `not a ${trigger.type} parameter: KEDA ignores it too`);
    else if (dropped[key] !== undefined) scope.drop(at, dropped[key]);
  }
}
