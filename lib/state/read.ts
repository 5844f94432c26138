/**
 * `status` → State. Tolerant: status may come from an older version, a newer one or a hand
 * edit, so a field that is unknown or damaged becomes a warning (field names only, never a
 * value) and is left out; reading never throws.
 */
import type { ScalingObject } from '../kube/port.js';
import type { ScalingState } from '../decide/types.js';
import type { DecisionRecord } from '../record/types.js';
import { migrateStatus } from './migrate.js';
import type { ScalingStatus } from './status.js';
import { readScaling } from './scaling.js';
import { SCHEMA_VERSION, type Condition, type Intent, type State } from './types.js';

export interface ReadState {
  readonly state: State;
  readonly warnings: readonly string[];
}

/** The fields a State owns; every other field of `status` is carried in `report`. */
export const OWNED = [
  'schemaVersion',
  'recordedAt',
  'observedGeneration',
  'lastScaleTime',
  'conditions',
  'decisions',
  'intent',
  'history',
  'failureCount',
  'lastActiveTime',
  'lastKnownValues',
] as const;

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);
const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

export const EMPTY_STATE: State = Object.freeze({
  schemaVersion: SCHEMA_VERSION,
  scaling: {},
  conditions: [],
  report: {},
  stored: undefined,
});

/** The recorded intent, or undefined when absent or malformed (a hand edit is not trusted). */
export function readIntent(raw: unknown): Intent | undefined {
  if (!isRecord(raw)) return undefined;
  const { replicas, from, time, change } = raw;
  if (!isInt(replicas) || !isInt(from) || !isInt(time) || !isInt(change)) return undefined;
  return { replicas, from, time, change };
}

function readList<T>(
  raw: unknown,
  field: string,
  keep: (x: unknown) => x is T,
  warn: (l: string) => void,
) {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) {
    warn(`status.${field}: not a list, ignored`);
    return undefined;
  }
  const out = (raw as unknown[]).filter(keep);
  if (out.length < raw.length)
    warn(`status.${field}: ${raw.length - out.length} malformed item(s) dropped`);
  return out;
}

const isCondition = (x: unknown): x is Condition =>
  isRecord(x) && typeof x.type === 'string' && typeof x.status === 'string';
// Each record is checked where it is read out (lib/record/explain.ts): here only its shape.
const isDecision = (x: unknown): x is DecisionRecord => isRecord(x);

function readTime(raw: unknown, field: string, warn: (l: string) => void): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'string' && Number.isFinite(Date.parse(raw))) return raw;
  warn(`status.${field}: not a time, ignored`);
  return undefined;
}

export function readState(raw: unknown): ReadState {
  if (raw === undefined || raw === null) return { state: EMPTY_STATE, warnings: [] };
  if (!isRecord(raw)) {
    return { state: EMPTY_STATE, warnings: ['status: not an object, read as empty'] };
  }
  const { status, version, warnings: migrated } = migrateStatus(raw);
  const warnings = [...migrated];
  const warn = (line: string) => void warnings.push(line);
  const report: Record<string, unknown> = { ...status };
  for (const key of OWNED) delete report[key];
  const generation = status.observedGeneration;
  const observedGeneration = isInt(generation) && generation >= 0 ? generation : undefined;
  if (generation !== undefined && observedGeneration === undefined) {
    warn('status.observedGeneration: not a whole number ≥ 0, ignored');
  }
  const intent = readIntent(status.intent);
  if (status.intent !== undefined && intent === undefined)
    warn('status.intent: malformed, ignored');
  const recordedAt = readTime(status.recordedAt, 'recordedAt', warn);
  const lastScaleTime = readTime(status.lastScaleTime, 'lastScaleTime', warn);
  const decisions = readList(status.decisions, 'decisions', isDecision, warn);
  const state: State = {
    schemaVersion: version,
    scaling: readScaling(status, warn),
    conditions: readList(status.conditions, 'conditions', isCondition, warn) ?? [],
    ...(intent !== undefined && { intent }),
    ...(recordedAt !== undefined && { recordedAt }),
    ...(observedGeneration !== undefined && { observedGeneration }),
    ...(lastScaleTime !== undefined && { lastScaleTime }),
    ...(decisions !== undefined && { decisions }),
    report,
    stored: raw,
  };
  return { state, warnings };
}

/** The state of a listed or re-read object (the one place a `ScalingObject`'s status is read). */
export function readStateOf(obj: ScalingObject): ReadState {
  return readState(obj.status);
}

/** Only what `decide` reads of a status (the simulator's and the tests' round trip). */
export const readScalingState = (status: ScalingStatus | undefined): ScalingState =>
  readState(status).state.scaling;
