/**
 * One ScaledObject → one BusinessScaling (full form). Bounds and activation here; triggers,
 * formula, fallback, behavior and annotations in their own modules.
 */
import { mapAnnotations } from './annotations.js';
import { mapBehavior, mapFallback } from './extras.js';
import { mapModifiers } from './modifiers.js';
import type { Scope } from './notes.js';
import { isRecord } from './source.js';
import { mapTriggers, type Activation } from './triggers.js';
import type { ConvertOptions, SourceDoc } from './types.js';
import { asString, readCount } from './values.js';

const KNOWN_SPEC = new Set([
  'scaleTargetRef',
  'pollingInterval',
  'cooldownPeriod',
  'initialCooldownPeriod',
  'idleReplicaCount',
  'minReplicaCount',
  'maxReplicaCount',
  'fallback',
  'advanced',
  'triggers',
]);
const KNOWN_ADVANCED = new Set([
  'scalingModifiers',
  'horizontalPodAutoscalerConfig',
  'restoreToOriginalReplicaCount',
]);

type Spec = Readonly<Record<string, unknown>>;

function mapTarget(so: Scope, spec: Spec, namespace: string) {
  const ref = isRecord(spec.scaleTargetRef) ? spec.scaleTargetRef : {};
  if (ref.envSourceContainerName !== undefined)
    so.info(
      ['spec', 'scaleTargetRef', 'envSourceContainerName'],
      'used only for *FromEnv parameters, which are not carried over',
    );
  so.from('spec.scaleTargetRef', ['spec', 'scaleTargetRef']);
  return {
    apiVersion: asString(ref.apiVersion) ?? 'apps/v1',
    kind: asString(ref.kind) ?? 'Deployment',
    name: asString(ref.name) ?? '',
    namespace,
  };
}

function noteUnmapped(so: Scope, spec: Spec): void {
  for (const key of Object.keys(spec))
    if (!KNOWN_SPEC.has(key)) so.drop(['spec', key], 'not a ScaledObject field: not carried over');
  if (spec.pollingInterval !== undefined)
    so.drop(
      ['spec', 'pollingInterval'],
      'not per resource here: every BusinessScaling is read on each run (the Functions timer, or reconcile --every)',
    );
  if ((readCount(so, ['spec', 'initialCooldownPeriod'], spec.initialCooldownPeriod) ?? 0) > 0)
    so.drop(
      ['spec', 'initialCooldownPeriod'],
      'no initial cooldown here: the cooldown starts at the first run',
    );
  const advanced = isRecord(spec.advanced) ? spec.advanced : {};
  for (const key of Object.keys(advanced))
    if (!KNOWN_ADVANCED.has(key))
      so.drop(['spec', 'advanced', key], 'not a ScaledObject field: not carried over');
  if (
    advanced.restoreToOriginalReplicaCount === true ||
    advanced.restoreToOriginalReplicaCount === 'true'
  )
    so.drop(
      ['spec', 'advanced', 'restoreToOriginalReplicaCount'],
      'replicas are left as they are when the BusinessScaling is deleted',
    );
  const hpa = isRecord(advanced.horizontalPodAutoscalerConfig)
    ? advanced.horizontalPodAutoscalerConfig
    : {};
  if (hpa.name !== undefined)
    so.info(
      ['spec', 'advanced', 'horizontalPodAutoscalerConfig', 'name'],
      'no HPA is created here',
    );
}

/** KEDA: active iff a trigger's value > its own activation value; here one threshold for all. */
function mapActivation(so: Scope, activations: readonly Activation[]): number {
  const lowest = Math.min(...activations.map((a) => a.threshold), Number.POSITIVE_INFINITY);
  if (!Number.isFinite(lowest)) return 0;
  for (const a of activations) {
    if (a.threshold !== lowest)
      so.drop(
        a.path,
        `one activation threshold serves every metric here: written as the lowest, ${lowest} (active at least as often as in KEDA)`,
      );
  }
  return lowest;
}

export function convertScaledObject(so: Scope, docs: readonly SourceDoc[], opts: ConvertOptions) {
  const spec: Spec = isRecord(so.doc.value.spec) ? so.doc.value.spec : {};
  const namespace = so.doc.namespace ?? opts.namespace ?? 'default';
  if (so.doc.namespace === undefined)
    so.info(
      ['metadata'],
      `names no namespace: the target is taken to be in "${namespace}" (--namespace)`,
    );
  noteUnmapped(so, spec);
  const min = readCount(so, ['spec', 'minReplicaCount'], spec.minReplicaCount) ?? 0;
  const max = readCount(so, ['spec', 'maxReplicaCount'], spec.maxReplicaCount) ?? 100;
  so.from('spec.minReplicas', ['spec', 'minReplicaCount']);
  so.from('spec.maxReplicas', ['spec', 'maxReplicaCount']);
  if (spec.idleReplicaCount !== undefined)
    so.drop(
      ['spec', 'idleReplicaCount'],
      `scale to zero needs minReplicas 0 here (then the floor while active is 1, not ${min}): minReplicas stays ${min}; set minReplicas: 0 to scale to zero`,
    );
  const formula = mapModifiers(so);
  const triggers = mapTriggers(so, docs, namespace, formula !== undefined);
  const advanced = isRecord(spec.advanced) ? spec.advanced : {};
  const hpa = isRecord(advanced.horizontalPodAutoscalerConfig)
    ? advanced.horizontalPodAutoscalerConfig
    : {};
  const behavior = mapBehavior(so, hpa.behavior);
  const fallback = mapFallback(so, spec.fallback, formula);
  const activationThreshold =
    formula === undefined && min === 0 ? mapActivation(so, triggers.activations) : 0;
  if (min > 0 && formula === undefined) {
    for (const a of triggers.activations.filter((x) => x.threshold > 0))
      so.info(a.path, 'no effect with minReplicaCount >= 1 (as in KEDA)');
  }
  const cooldown = readCount(so, ['spec', 'cooldownPeriod'], spec.cooldownPeriod) ?? 300;
  so.from('spec.cooldownPeriodSeconds', ['spec', 'cooldownPeriod']);
  if (min > 0 && spec.cooldownPeriod !== undefined)
    so.info(
      ['spec', 'cooldownPeriod'],
      'only for scaling to 0, which minReplicaCount >= 1 rules out (as in KEDA)',
    );
  if (min > 0 && formula !== undefined && formula.activationTarget !== undefined) {
    so.info(
      ['spec', 'advanced', 'scalingModifiers', 'activationTarget'],
      'no effect with minReplicaCount >= 1 (as in KEDA)',
    );
    delete formula.activationTarget;
  }
  const annotations = mapAnnotations(so);
  const labels = isRecord(so.doc.value.metadata) ? so.doc.value.metadata.labels : undefined;
  return {
    apiVersion: 'example.com/v1',
    kind: 'BusinessScaling',
    metadata: {
      name: so.doc.name,
      ...(isRecord(labels) && { labels }),
      ...(annotations && { annotations }),
    },
    spec: {
      scaleTargetRef: mapTarget(so, spec, namespace),
      ...(opts.observe === true && { mode: 'Observe' }),
      minReplicas: min,
      maxReplicas: max,
      metrics: triggers.metrics,
      ...(formula && { formula }),
      ...(fallback && { fallback }),
      ...(behavior && { behavior }),
      ...(min === 0 && activationThreshold > 0 && { activationThreshold }),
      ...(min === 0 && { cooldownPeriodSeconds: cooldown }),
    },
  };
}
