/**
 * Pause annotations on the BusinessScaling (KEDA's, under our own prefix). Read from metadata,
 * not spec, so pausing never bumps the generation.
 */
export const PAUSE_ANNOTATIONS = {
  paused: 'scaling.example.com/paused',
  pausedReplicas: 'scaling.example.com/paused-replicas',
  pausedScaleIn: 'scaling.example.com/paused-scale-in',
  pausedScaleOut: 'scaling.example.com/paused-scale-out',
} as const;

export interface PauseState {
  /** Hands off: nothing is scaled, the history is left as it is. */
  readonly paused: boolean;
  /** Hold the target at exactly this many replicas (wins over `paused`). */
  readonly replicas?: number;
  /** No scale-down and no scale to zero (scaleDown selectPolicy Disabled). */
  readonly scaleIn: boolean;
  /** No scale-up and no scale from zero (scaleUp selectPolicy Disabled). */
  readonly scaleOut: boolean;
}

export const NOT_PAUSED: PauseState = Object.freeze({
  paused: false,
  scaleIn: false,
  scaleOut: false,
});

/** As KEDA: present and not "false" (any case) means on; a non-boolean value counts as true. */
function isOn(value: string | undefined): boolean {
  return value !== undefined && value.trim().toLowerCase() !== 'false';
}

/**
 * `paused-replicas` must be a whole number ≥ 0; any other value pauses hands-off instead, so a
 * typo never scales a workload to a number nobody wrote.
 */
export function parsePause(annotations: Readonly<Record<string, string>> | undefined): PauseState {
  // A YAML key with only comments under it reads as null.
  if (typeof annotations !== 'object' || annotations === null) return NOT_PAUSED;
  const raw = annotations[PAUSE_ANNOTATIONS.pausedReplicas];
  const replicas = raw !== undefined && /^\s*\d{1,9}\s*$/.test(raw) ? Number(raw) : undefined;
  return {
    paused:
      isOn(annotations[PAUSE_ANNOTATIONS.paused]) || (raw !== undefined && replicas === undefined),
    ...(replicas !== undefined && { replicas }),
    scaleIn: isOn(annotations[PAUSE_ANNOTATIONS.pausedScaleIn]),
    scaleOut: isOn(annotations[PAUSE_ANNOTATIONS.pausedScaleOut]),
  };
}

/** The words of the `Paused` condition, or undefined when nothing is paused. */
export function describePause(p: PauseState): { reason: string; message: string } | undefined {
  if (p.replicas !== undefined) {
    return {
      reason: 'PausedReplicas',
      message: `held at ${p.replicas} replicas by ${PAUSE_ANNOTATIONS.pausedReplicas}`,
    };
  }
  if (p.paused)
    return { reason: 'Paused', message: `scaling paused by ${PAUSE_ANNOTATIONS.paused}` };
  if (p.scaleIn && p.scaleOut) {
    return { reason: 'PausedScaleInOut', message: 'scale-in and scale-out paused by annotations' };
  }
  if (p.scaleIn)
    return {
      reason: 'PausedScaleIn',
      message: `scale-in paused by ${PAUSE_ANNOTATIONS.pausedScaleIn}`,
    };
  if (p.scaleOut)
    return {
      reason: 'PausedScaleOut',
      message: `scale-out paused by ${PAUSE_ANNOTATIONS.pausedScaleOut}`,
    };
  return undefined;
}
