/**
 * Step 5 of `decideScaling`: from the raw proposal to the final size. Three paths, as the HPA
 * and the original operator:
 * - `behavior` set: stabilization windows and rate policies (`normalizeWithBehavior`);
 * - full form without `behavior`: the HPA's legacy path (`normalizeLegacy`);
 * - original form without `behavior`: a plain clamp to [min, max], acting at once.
 */
import { normalizeLegacy } from '../behavior/legacy.js';
import { normalizeWithBehavior } from '../behavior/normalize.js';
import type { Stabilized } from '../behavior/stabilize.js';
import type { Behavior, History } from '../behavior/types.js';
import { limitToRange } from './limit.js';
import type { PauseState } from './pause.js';
import type { LimitReason } from './types.js';

export interface StepInput {
  readonly desired: number;
  /** The raw proposal's own limit reason (kept when the clamp does not limit). */
  readonly rawLimited: LimitReason;
  readonly current: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Present with `behavior` and on the legacy path. */
  readonly history?: History;
  readonly now: number;
  readonly pause: PauseState;
}

export interface StepResult {
  readonly replicas: number;
  readonly limited: LimitReason;
  /** After stabilization, before the rate limits (equal to `replicas` on the clamp path). */
  readonly stabilizedReplicas: number;
  readonly stabilized?: Stabilized;
  readonly paused: boolean;
  readonly history?: History;
}

/** Pause scale-in/out act as KEDA does on the HPA: that direction's selectPolicy Disabled. */
function withPauses(b: Behavior, p: PauseState): Behavior {
  return {
    scaleUp: p.scaleOut ? { ...b.scaleUp, selectPolicy: 'Disabled' } : b.scaleUp,
    scaleDown: p.scaleIn ? { ...b.scaleDown, selectPolicy: 'Disabled' } : b.scaleDown,
  };
}

export function normalizeStep(
  input: StepInput,
  behavior: Behavior | undefined,
  legacy: boolean,
): StepResult {
  const { current, pause, history } = input;
  const n = {
    desired: input.desired,
    current,
    minReplicas: input.minReplicas,
    maxReplicas: input.maxReplicas,
    now: input.now,
  };
  if (behavior && history) {
    const r = normalizeWithBehavior({ ...n, history }, withPauses(behavior, pause));
    const blockedUp = pause.scaleOut && r.stabilizedReplicas > current && r.replicas === current;
    const blockedDown = pause.scaleIn && r.stabilizedReplicas < current && r.replicas === current;
    return { ...r, paused: blockedUp || blockedDown };
  }
  if (legacy && history) {
    const r = normalizeLegacy({ ...n, history });
    return blockPaused({ ...r, paused: false }, pause, current);
  }
  const l = limitToRange(input.desired, input.minReplicas, input.maxReplicas);
  const limited = l.limited === 'DesiredWithinRange' ? input.rawLimited : l.limited;
  return blockPaused(
    { replicas: l.replicas, limited, stabilizedReplicas: l.replicas, paused: false },
    pause,
    current,
  );
}

/** Without policies to disable, a paused direction keeps the current size. */
function blockPaused(r: StepResult, pause: PauseState, current: number): StepResult {
  if ((pause.scaleIn && r.replicas < current) || (pause.scaleOut && r.replicas > current)) {
    return { ...r, replicas: current, paused: true };
  }
  return r;
}
